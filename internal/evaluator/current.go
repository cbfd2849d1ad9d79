package evaluator

import (
	"context"
	"time"
)

// MaxCatchUp bounds how long Current waits for a refresh that another
// caller started: past it a read gets the latest snapshot rather than no
// answer.
const MaxCatchUp = 2 * time.Second

// Current returns a snapshot that includes every write acknowledged before
// the call (every Touch that returned), so that a client reading right after
// its push sees it. A snapshot that already does is returned at once;
// otherwise Current refreshes the touched series itself rather than wait
// for Run's Settle. Pushes never wait: only the read pays for the refresh.
// If the refresh fails or another caller's refresh outlasts MaxCatchUp or
// ctx, the latest snapshot is returned; Run logs the failure when it retries.
func (e *Evaluator) Current(ctx context.Context) *Snapshot {
	e.dmu.Lock()
	want := e.touched
	e.dmu.Unlock()
	s := e.snap.Load()
	if s.Touched >= want {
		return s
	}
	if err := e.Refresh(); err != nil {
		return e.snap.Load()
	}
	timeout := time.NewTimer(MaxCatchUp)
	defer timeout.Stop()
	// A concurrent Refresh may hold some of the touches this caller waits
	// for; its snapshot comes next.
	for s = e.snap.Load(); s.Touched < want; s = e.snap.Load() {
		select {
		case <-s.superseded:
		case <-timeout.C:
			return e.snap.Load()
		case <-ctx.Done():
			return e.snap.Load()
		}
	}
	return s
}
