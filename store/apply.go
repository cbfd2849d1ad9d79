package store

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"
)

// The applier moves logged records into the bbolt file in large
// transactions. It waits applyDelay after a record arrives so that more
// gather, unless applyBatch points are queued or a reader needs them.
// Variables so that tests can shrink them.
var (
	applyDelay = 250 * time.Millisecond
	applyBatch = 20_000
	// maxBacklog bounds the points logged but not yet applied: the writer
	// waits beyond it, so that a file slower than the pushes costs latency,
	// not unbounded memory.
	maxBacklog = 500_000
	// applyRetry spaces attempts after a failed apply (a full disk, say):
	// the records stay queued and logged meanwhile.
	applyRetry = time.Second
)

// queuedRecord is a logged record waiting for the applier: its payload.
type queuedRecord struct {
	seq     uint64
	payload []byte
}

// queueApply hands a logged record to the applier.
func (s *Store) queueApply(payload []byte, seq uint64, points int) {
	s.amu.Lock()
	s.queue = append(s.queue, queuedRecord{seq: seq, payload: payload})
	s.queued += points
	urgent := s.queued >= applyBatch
	s.amu.Unlock()
	signal(s.applyWake)
	if urgent {
		signal(s.applyNow)
	}
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// waitBacklog holds the writer while too many logged points wait for the
// applier.
func (s *Store) waitBacklog() error {
	for {
		s.amu.Lock()
		queued, ch, err := s.queued, s.applied, s.applyErr
		s.amu.Unlock()
		if queued < maxBacklog {
			return nil
		}
		if err != nil {
			return fmt.Errorf("write-ahead log backlog of %d points: %w", queued, err)
		}
		signal(s.applyNow)
		<-ch
	}
}

// sync waits until every write acknowledged so far is in the bbolt file, so
// that a read sees what was written before it began. It returns the
// applier's error if the file cannot take them.
func (s *Store) sync() error { return s.waitApplied(s.acked.Load()) }

// waitApplied waits until the file holds the records up to target.
func (s *Store) waitApplied(target uint64) error {
	for {
		s.amu.Lock()
		done, ch, err := s.appliedSeq >= target, s.applied, s.applyErr
		s.amu.Unlock()
		if done {
			return nil
		}
		if err != nil {
			return fmt.Errorf("apply write-ahead log: %w", err)
		}
		signal(s.applyNow)
		select {
		case <-ch:
		case <-s.applyDone:
			s.amu.Lock()
			done, err = s.appliedSeq >= target, s.applyErr
			s.amu.Unlock()
			if done {
				return nil
			}
			if err == nil {
				err = ErrClosed
			}
			return err
		}
	}
}

// applier is the goroutine that applies queued records to the file. It
// exits after Close, once the writer has stopped and the queue is applied
// (or cannot be: the records stay in the log for the next Open).
func (s *Store) applier() {
	defer close(s.applyDone)
	timer := time.NewTimer(applyDelay)
	timer.Stop()
	for {
		now := false
		select {
		case <-s.applyWake:
		case <-s.applyNow:
			now = true
		case <-s.applyStop:
			s.applyQueued()
			return
		}
		if !now {
			timer.Reset(applyDelay)
			select {
			case <-timer.C:
			case <-s.applyNow:
				timer.Stop()
			case <-s.applyStop:
				timer.Stop()
				s.applyQueued()
				return
			}
		}
		if err := s.applyQueued(); err != nil {
			s.log.Error("apply write-ahead log to the store file: retrying", "component", "store", "err", err)
			select {
			case <-time.After(applyRetry):
			case <-s.applyStop:
				s.applyQueued()
				return
			}
			signal(s.applyWake)
		}
	}
}

// applyQueued applies every queued record in one transaction.
func (s *Store) applyQueued() error {
	s.amu.Lock()
	recs, points := s.queue, s.queued
	s.queue, s.queued = nil, 0
	s.amu.Unlock()
	if len(recs) == 0 {
		return nil
	}
	start := time.Now()
	decoded := make([]walRecord, len(recs))
	var err error
	for i, q := range recs {
		if decoded[i], err = decodeRecord(q.payload); err != nil {
			err = fmt.Errorf("record %d: %w", q.seq, err)
			break
		}
	}
	if err == nil {
		err = s.applyRecords(decoded)
	}
	last := recs[len(recs)-1].seq
	s.amu.Lock()
	if err != nil {
		s.queue = append(recs, s.queue...)
		s.queued += points
		s.applyErr = err
	} else {
		s.appliedSeq, s.applyErr = last, nil
	}
	close(s.applied)
	s.applied = make(chan struct{})
	s.amu.Unlock()
	if err != nil {
		return err
	}
	s.metrics.observeApply(time.Since(start), points)
	s.wal.removeThrough(last)
	return nil
}

// applyRecords applies records, in order, in one write transaction, and
// records the last one's sequence number with them.
func (s *Store) applyRecords(recs []walRecord) error {
	var series, points uint64
	err := s.db.Update(func(tx *bbolt.Tx) error {
		w := newWriteTx(tx, time.Time{}, s.recentN)
		for _, rec := range recs {
			w.now = rec.now
			for i, q := range rec.reqs {
				if _, err := w.request(q.ms, q.actor); err != nil {
					return fmt.Errorf("record %d, write %d: %w", rec.seq, i, err)
				}
			}
		}
		if err := w.meta.Put(keyWALApplied, putUint64(w.alloc(8), recs[len(recs)-1].seq)); err != nil {
			return err
		}
		series, points = w.series, w.points
		return w.finish()
	})
	if err != nil {
		return dbErr(err)
	}
	s.series.Store(series)
	s.points.Store(points)
	return nil
}

// replay applies the records left in the log by the last run, in
// transactions of about applyBatch points, and returns how many points they
// held.
func (s *Store) replay(recs []walRecord) (int, error) {
	total := 0
	for len(recs) > 0 {
		n, points := 0, 0
		for n < len(recs) && (n == 0 || points < applyBatch) {
			points += recs[n].points()
			n++
		}
		if err := s.applyRecords(recs[:n]); err != nil {
			return total, err
		}
		total += points
		recs = recs[n:]
	}
	return total, nil
}

func (s *Store) pendingPoints() float64 {
	s.amu.Lock()
	defer s.amu.Unlock()
	return float64(s.queued)
}
