package store

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// WriteResult counts what a Write did with its measurements.
type WriteResult struct {
	New       int // points that did not exist
	Revised   int // points that existed with another value, now replaced
	Unchanged int // points that existed with the same value: nothing written
}

// The states of a queued write request.
const (
	reqQueued    int32 = iota
	reqTaken           // the writer owns it and will finish it
	reqCancelled       // its caller gave up before the writer took it
)

// writeReq is one Write call waiting in the queue.
type writeReq struct {
	ms    []indicators.Measurement
	del   *deleteReq // a deletion instead of ms (delete.go)
	actor string
	state atomic.Int32
	done  chan struct{}
	res   WriteResult
	err   error
}

func (r *writeReq) finish(err error) {
	r.err = err
	close(r.done)
}

// Write records ms, on behalf of actor, atomically: either every measurement
// is recorded or none is. It returns once the write-ahead log record holding
// them is fsynced; concurrent Writes share one record (group commit), so
// durability does not cost throughput.
//
// A measurement whose indicator, labels and time match a stored point is the
// same point: with the same value it is left alone (Unchanged, even if its
// source differs); with another value it replaces the point (Revised) and the
// audit log keeps the old and the new value. Measurements are applied in
// order, so a point given twice in one call ends with the last value, and
// the counts include both applications. Each call that adds or revises
// points also gets a push entry in the audit log.
//
// Labels need not be sorted; names must be non-empty and distinct, values
// non-empty. Invalid measurements fail the call with ErrInvalid. If ctx ends
// while the call is still queued, Write returns ctx's error and nothing is
// written; once its commit has begun, Write waits for the outcome. Write does
// not retain ms after it returns.
func (s *Store) Write(ctx context.Context, ms []indicators.Measurement, actor string) (WriteResult, error) {
	if err := ctx.Err(); err != nil {
		return WriteResult{}, fmt.Errorf("write measurements: %w", err)
	}
	if len(ms) == 0 {
		if s.isClosed() {
			return WriteResult{}, fmt.Errorf("write measurements: %w", ErrClosed)
		}
		return WriteResult{}, nil
	}
	r := newWriteReq(ms, actor)
	if err := s.enqueue(r); err != nil {
		return WriteResult{}, fmt.Errorf("write measurements: %w", err)
	}
	if err := r.wait(ctx); err != nil {
		return WriteResult{}, fmt.Errorf("write measurements: %w", err)
	}
	return r.res, nil
}

func newWriteReq(ms []indicators.Measurement, actor string) *writeReq {
	return &writeReq{ms: ms, actor: actor, done: make(chan struct{})}
}

// wait waits for the writer to finish r, or for ctx to end while r is still
// queued: then r is withdrawn and ctx's error returned.
func (r *writeReq) wait(ctx context.Context) error {
	select {
	case <-r.done:
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqQueued, reqCancelled) {
			return ctx.Err()
		}
		<-r.done
	}
	return r.err
}

func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *Store) enqueue(r *writeReq) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.pending = append(s.pending, r)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return nil
}

// writer is the single goroutine that logs writes. Each round it takes
// every request queued so far and logs them together in one record, with one
// fsync; requests arriving meanwhile form the next round. It exits once
// Close has been called and the queue is empty.
func (s *Store) writer() {
	defer close(s.done)
	var spare []*writeReq // the previous batch's array, reused as the queue
	for {
		select {
		case <-s.wake:
		case <-s.stop:
		}
		s.mu.Lock()
		batch := s.pending
		s.pending = spare
		// Write queues nothing once closed is set, under the same lock:
		// checking both here, not stop, leaves no request behind.
		finished := len(batch) == 0 && s.closed
		s.mu.Unlock()
		if finished {
			return
		}
		if len(batch) > 0 {
			s.commit(batch)
			clear(batch)
		}
		spare = batch[:0]
	}
}

// commit logs the live requests of batch as one write-ahead log record and
// finishes them: each with its counts once the record is durable, or with
// the error that refused it. A request whose points are all unchanged is
// finished without being logged; a batch of those costs no fsync, which
// makes re-pulling unchanged data cheap. A batch of directPoints or more
// goes straight to the file instead (direct.go).
func (s *Store) commit(batch []*writeReq) {
	live := batch[:0]
	for _, r := range batch {
		if r.state.CompareAndSwap(reqQueued, reqTaken) {
			live = append(live, r)
		}
	}
	if len(live) > 0 {
		s.commitRuns(live)
	}
}

// commitWrites commits live write requests (no deletion): logged as one
// record, or straight to the file when they are many.
func (s *Store) commitWrites(live []*writeReq) {
	n := 0
	for _, r := range live {
		n += len(r.ms)
	}
	if n >= directPoints {
		s.commitDirect(live)
		return
	}
	start := time.Now()
	if err := s.waitBacklog(); err != nil {
		for _, r := range live {
			r.finish(err)
		}
		return
	}
	seq := s.seq + 1
	logged, points, err := s.predict(live, seq)
	if err != nil {
		for _, r := range live {
			if r.err == nil {
				r.finish(err)
			}
		}
		return
	}
	if len(logged) > 0 {
		rec := appendRecord(make([]byte, 0, 64+48*points), seq, s.now(), logged)
		err := s.markLog() // before the first record a deleted log would lose
		if err == nil {
			err = s.wal.write(rec, seq)
		}
		if err != nil {
			s.overlay.undo(0)
			for _, r := range live {
				if r.err == nil {
					r.finish(err)
				}
			}
			return
		}
		s.overlay.keep(seq)
		s.seq = seq
		// Queued before it is announced: a reader waiting for it must find
		// it when it asks the applier to hurry.
		s.queueApply(rec[walHeader:], seq, points)
		s.acked.Store(seq)
		s.metrics.observeCommit(time.Since(start), len(logged))
	}
	for _, r := range live {
		if r.err == nil {
			r.finish(nil)
		}
	}
}
