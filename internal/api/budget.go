package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// pushMemoryPerByte is the memory a push holds for each byte of its body
// while it is read, decoded and checked: the body itself, then the decoded
// items, which take 3.2 to 4.8 bytes a body byte (measured on 32 MiB
// batches of the smallest items, valid and invalid, and on bulkload's
// batches), and the checked measurements of the batch.
const pushMemoryPerByte = 6

// Defaults of the push memory budget.
const (
	DefaultPushMemory = 256 << 20
	DefaultPushWait   = 2 * time.Second
)

// errBudget reports a push that found no room in the budget in time.
var errBudget = errors.New("push memory budget exhausted")

// memoryBudget bounds the memory that push requests hold at once: without
// it, twelve concurrent 32 MiB pushes took the daemon to 1.8 GB. A request
// reserves its share before it reads, and waits briefly for room.
type memoryBudget struct {
	limit int64
	wait  time.Duration

	mu    sync.Mutex
	used  int64
	peak  int64         // the most ever reserved at once
	freed chan struct{} // made for the first waiter, closed at the next release

	reserved  prometheus.Gauge
	exhausted prometheus.Counter
}

func newMemoryBudget(limit int64, wait time.Duration, reg prometheus.Registerer) *memoryBudget {
	b := &memoryBudget{limit: limit, wait: wait,
		reserved: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "jalon_push_memory_reserved_bytes",
			Help: "Memory reserved by push requests being read, decoded and checked.",
		}),
		exhausted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "jalon_push_memory_exhausted_total",
			Help: "Push requests refused with 503 because the push memory budget stayed full.",
		}),
	}
	if reg != nil {
		reg.MustRegister(b.reserved, b.exhausted)
	}
	return b
}

// acquire reserves n bytes, waiting up to the budget's wait for room. A
// reservation larger than the whole budget takes the whole budget, so that
// a request the body limit accepts can always run alone. It returns what
// was reserved, to be released.
func (b *memoryBudget) acquire(ctx context.Context, n int64) (int64, error) {
	n = min(n, b.limit)
	freed, ok := b.take(n)
	if ok {
		return n, nil
	}
	timer := time.NewTimer(b.wait)
	defer timer.Stop()
	for {
		select {
		case <-freed:
		case <-timer.C:
			b.exhausted.Inc()
			return 0, errBudget
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		if freed, ok = b.take(n); ok {
			return n, nil
		}
	}
}

// take reserves n bytes if they are free; if not, it returns the channel
// closed at the next release.
func (b *memoryBudget) take(n int64) (freed <-chan struct{}, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.limit {
		if b.freed == nil {
			b.freed = make(chan struct{})
		}
		return b.freed, false
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	b.reserved.Set(float64(b.used))
	return nil, true
}

func (b *memoryBudget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	b.reserved.Set(float64(b.used))
	if b.freed != nil {
		close(b.freed)
		b.freed = nil
	}
}

// usage returns the memory reserved now and the most ever reserved.
func (b *memoryBudget) usage() (now, peak int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used, b.peak
}

// budgetReader reads a body within a reservation it grows as the body
// does, for bodies whose length is not announced (chunked) or is wrong.
type budgetReader struct {
	ctx      context.Context
	r        io.Reader
	budget   *memoryBudget
	reserved int64 // memory reserved so far
	read     int64 // body bytes read so far
}

// minGrowth is the smallest step by which a reservation grows, so that a
// chunked body does not take the budget's lock for every read.
const minGrowth = 64 << 10

func (br *budgetReader) Read(p []byte) (int, error) {
	room := br.reserved/pushMemoryPerByte - br.read
	if room <= 0 {
		// The reservation doubles, in steps the budget can still grant.
		step := min(max(br.read, minGrowth)*pushMemoryPerByte, br.budget.limit-br.reserved)
		if step > 0 {
			got, err := br.budget.acquire(br.ctx, step)
			br.reserved += got
			if err != nil {
				return 0, err
			}
		}
		if room = br.reserved/pushMemoryPerByte - br.read; room <= 0 {
			// The request holds the whole budget: it runs alone.
			room = int64(len(p))
		}
	}
	n, err := br.r.Read(p[:min(int64(len(p)), room)])
	br.read += int64(n)
	return n, err
}

// readPushBody reads a push body within the body limit and the memory
// budget. The reservation covers the body and what decoding and checking
// it will hold; release gives it back once the request is answered.
func (a *API) readPushBody(w http.ResponseWriter, r *http.Request) (body []byte, release func(), err error) {
	br := &budgetReader{ctx: r.Context(), r: http.MaxBytesReader(w, r.Body, a.opts.MaxBodyBytes), budget: a.budget}
	release = func() { a.budget.release(br.reserved) }
	n := r.ContentLength
	if n > a.opts.MaxBodyBytes {
		return nil, release, &http.MaxBytesError{Limit: a.opts.MaxBodyBytes}
	}
	if n > 0 {
		// One more byte than announced, for io.ReadAll to see the end.
		if br.reserved, err = a.budget.acquire(r.Context(), (n+1)*pushMemoryPerByte); err != nil {
			return nil, release, err
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, max(n+1, 512)))
	_, err = buf.ReadFrom(br)
	return buf.Bytes(), release, err
}

// bodyError answers a push whose body could not be read.
func (a *API) bodyError(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes: split the batch", tooBig.Limit))
	case errors.Is(err, errBudget):
		w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf(
			"pushes being read already hold the push memory budget (%d bytes, --web.max-push-memory): retry after %s, or send smaller batches",
			a.budget.limit, retryAfter))
	default:
		// Also when the client went away: should it still read (a body
		// shorter than its Content-Length, then a half-close), it must not
		// get a 200 with no body.
		writeError(w, http.StatusBadRequest, "read body: "+err.Error()+": nothing was written; send the whole body again")
	}
}

// retryAfter is what a push refused for want of memory is told to wait.
const retryAfter = 2 * time.Second
