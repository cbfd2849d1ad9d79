package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Deletions remove a mistaken series or point (a test push, a wrong label)
// so that it stops feeding evaluations and alerts. History is kept: the
// values removed go to the deleted bucket with the time of their deletion
// (delete_tx.go), where PointsAsOf still finds them for a date before it,
// and to the audit log.

// Target names what one deletion removes: a whole series, or its point at
// At when At is not zero.
type Target struct {
	Indicator string
	Labels    indicators.Labels
	At        time.Time
}

// RemovedPoint is one point a deletion removed.
type RemovedPoint struct {
	Time   time.Time `json:"time"`
	Value  float64   `json:"value"`
	Source string    `json:"source,omitempty"`
}

// Removed is what a deletion removed from one series.
type Removed struct {
	Indicator string
	Labels    indicators.Labels // sorted by name
	Points    []RemovedPoint    // in time order
	// SeriesGone is true when the series no longer exists: deleted whole,
	// or its last point deleted.
	SeriesGone bool
}

// deleteReq is a deletion waiting in the write queue.
type deleteReq struct {
	targets []Target
	reason  string
	out     []Removed
}

// Delete removes each target, on behalf of actor, for reason, atomically:
// every target is removed or none is. It goes through the write queue, after
// every write queued before it, and is committed straight to the file once
// the log before it is applied (as a large group is, direct.go), so it is
// durable when Delete returns and a read begun after sees it. An unknown
// series or point is ErrNotFound and removes nothing; an empty reason is
// ErrInvalid. Each series gets an audit entry with the values removed. As
// with Write, a ctx ended before the writer takes the deletion removes
// nothing.
func (s *Store) Delete(ctx context.Context, targets []Target, reason, actor string) ([]Removed, error) {
	// Checked before queueing: the writer may take the request before
	// wait sees ctx end.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("delete: %w", err)
	}
	if reason == "" {
		return nil, fmt.Errorf("delete: no reason: %w", ErrInvalid)
	}
	if len(targets) == 0 {
		return nil, nil
	}
	r := newWriteReq(nil, actor)
	r.del = &deleteReq{targets: targets, reason: reason}
	if err := s.enqueue(r); err != nil {
		return nil, fmt.Errorf("delete: %w", err)
	}
	if err := r.wait(ctx); err != nil {
		return nil, fmt.Errorf("delete: %w", err)
	}
	return r.del.out, nil
}

// commitRuns commits live in order: runs of writes as usual, each deletion
// alone in its own direct transaction after them.
func (s *Store) commitRuns(live []*writeReq) {
	start := 0
	for i, r := range live {
		if r.del == nil {
			continue
		}
		if i > start {
			s.commitWrites(live[start:i])
		}
		s.commitDirect(live[i : i+1])
		// The file changed under the overlay: every record before is
		// applied (commitDirect waited), so it holds nothing still needed.
		s.overlay.forget(s.seq)
		start = i + 1
	}
	if start < len(live) {
		s.commitWrites(live[start:])
	}
}
