// Package exposition serves /metrics: Jalon's own metrics from its
// registry, followed by every series' evaluation written from the
// evaluator's snapshot in the Prometheus text format.
package exposition

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/jalonhq/jalon/internal/evaluator"
)

// maxCachedExposition bounds the snapshot exposition kept in memory between
// scrapes. Larger expositions (hundreds of thousands of series) are encoded
// again on each scrape and streamed, so that memory stays flat.
const maxCachedExposition = 32 << 20

// minSeriesBytes is less than the exposition of any series: its status and
// delivery confidence families alone write 11 lines of more than 50 bytes.
const minSeriesBytes = 512

// New returns the /metrics handler over the snapshots that snapshot returns
// and the metrics that gatherer gathers (nil: none).
func New(snapshot func() *evaluator.Snapshot, gatherer prometheus.Gatherer) *Handler {
	if gatherer == nil {
		gatherer = prometheus.NewRegistry()
	}
	return &Handler{gatherer: gatherer, snapshot: snapshot}
}

// Handler serves /metrics: Jalon's own metrics gathered from its
// registry, followed by the snapshot families, which are encoded once per
// snapshot generation and kept both plain and gzipped.
type Handler struct {
	gatherer prometheus.Gatherer
	snapshot func() *evaluator.Snapshot

	mu sync.Mutex
	// expo is the latest exposition encoded, nil when there is none or it
	// was too large; gz is its gzipped bytes once a client asked for them.
	expo *exposition
	gz   []byte
	// limit overrides maxCachedExposition, for tests.
	limit int
	// overflowed is the number of results of the last snapshot too large to
	// cache: a snapshot at least as large is streamed without trying again.
	overflowed int
	// gzipped is set once a client asked for gzip, as Prometheus does: from
	// then on snapshots are compressed ahead of scrapes too.
	gzipped atomic.Bool
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := h.snapshot()
	mfs, err := h.gatherer.Gather()
	if err != nil {
		gatherFailed(w, err)
		return
	}
	gz := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
	if gz {
		h.gzipped.Store(true)
	}
	x, zipped, cached := h.cached(s, gz)
	// Jalon's own metrics are encoded ahead only when the length is to be
	// sent: with an alert per series (100 000 jalon_alerts samples, tens of
	// MiB) a streamed scrape would otherwise hold them twice.
	var own bytes.Buffer
	if cached {
		if err := encodeFamilies(&own, mfs); err != nil {
			gatherFailed(w, err)
			return
		}
	}
	w.Header().Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
	if gz {
		w.Header().Set("Content-Encoding", "gzip")
	}
	if !cached {
		h.stream(w, mfs, s, gz)
		return
	}
	// With the length known, the response is sent as is rather than in
	// chunks.
	if gz {
		// Concatenated gzip members form one valid gzip stream (RFC 1952).
		ownZipped := gzipBytes(bytes.NewReader(own.Bytes()))
		w.Header().Set("Content-Length", strconv.Itoa(len(ownZipped)+len(zipped)))
		w.Write(ownZipped)
		w.Write(zipped)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(own.Len()+x.size))
	w.Write(own.Bytes())
	x.WriteTo(w)
}

// gatherFailed answers a scrape whose own metrics could not be gathered,
// in the JSON error shape of every other error answer of jalond's.
func gatherFailed(w http.ResponseWriter, err error) {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	enc.Encode(struct {
		Error string `json:"error"`
	}{"gather metrics: " + err.Error()})
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(body.Len()))
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(body.Bytes())
}

func encodeFamilies(w io.Writer, mfs []*dto.MetricFamily) error {
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return err
		}
	}
	return nil
}

// cached returns the snapshot exposition, encoding it if the generation
// changed; ok is false when it is too large to keep.
func (h *Handler) cached(s *evaluator.Snapshot, wantGzip bool) (x *exposition, gz []byte, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.expo != nil && s.Generation < h.expo.snap.Generation {
		// A newer snapshot was encoded meanwhile by another scrape: serve
		// it rather than going back in time.
		return h.expo, h.lazyGzip(wantGzip), true
	}
	if h.expo == nil || h.expo.snap.Generation != s.Generation {
		limit := maxCachedExposition
		if h.limit > 0 {
			limit = h.limit
		}
		if h.overflowed > 0 && len(s.Results) >= h.overflowed || len(s.Results)*minSeriesBytes > limit {
			// Trying would leave tens of MiB of buffers to the garbage
			// collector, held until its next cycle, for nothing.
			return nil, nil, false
		}
		// The previous exposition is not modified: scrapes still writing
		// it read it outside the lock.
		x, err := encodeExposition(h.expo, s, limit)
		h.expo, h.gz = x, nil
		if err != nil {
			h.overflowed = len(s.Results)
			return nil, nil, false
		}
		h.overflowed = 0
	}
	return h.expo, h.lazyGzip(wantGzip), true
}

// lazyGzip compresses the cached exposition when a client first asks for
// it, once per generation. Called with h.mu held.
func (h *Handler) lazyGzip(want bool) []byte {
	if want && h.gz == nil {
		h.gz = gzipBytes(h.expo)
	}
	return h.gz
}

func (h *Handler) stream(w http.ResponseWriter, own []*dto.MetricFamily, s *evaluator.Snapshot, gz bool) {
	out := http.ResponseWriter(w)
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(w)
		defer zw.Close()
		out = gzipResponse{w, zw}
	}
	// The status line is already sent; an error here can only cut the body,
	// which Prometheus reports as a failed scrape.
	if encodeFamilies(out, own) == nil {
		encodeSnapshot(out, s)
	}
}

type gzipResponse struct {
	http.ResponseWriter
	zw *gzip.Writer
}

func (g gzipResponse) Write(p []byte) (int, error) { return g.zw.Write(p) }

func gzipBytes(src io.WriterTo) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	src.WriteTo(zw)
	zw.Close()
	return buf.Bytes()
}

var errTooLarge = errors.New("exposition too large to cache")
