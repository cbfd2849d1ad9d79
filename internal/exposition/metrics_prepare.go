package exposition

import (
	"context"
	"runtime"
	"time"
)

// collectAfter is the size of an exposition after whose encoding the
// garbage of the previous one is collected at once, rather than by a cycle
// that would start during a scrape.
const collectAfter = 1 << 20

// prepareGap is the least time between two encodings done ahead of
// scrapes: under a stream of pushes a snapshot is published every few
// hundred milliseconds, and encoding each would spend CPU that the pushes
// need for a result only the last one keeps. A snapshot published after a
// quiet spell is encoded at once.
const prepareGap = 500 * time.Millisecond

// Prepare encodes each new snapshot for /metrics as it is
// published, off the request path, until ctx ends: a scrape then finds it
// ready, as kube-state-metrics keeps its metrics rendered as objects change.
// Once a scrape has asked for gzip it compresses it too (about 25 ms for
// 100 000 samples). A scrape arriving first encodes the snapshot itself, as
// without it.
func (h *Handler) Prepare(ctx context.Context) error {
	var last time.Time
	for {
		if wait := prepareGap - time.Since(last); wait > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
		}
		last = time.Now()
		s := h.snapshot()
		if x, _, ok := h.cached(s, h.gzipped.Load()); ok && x.size >= collectAfter {
			runtime.GC()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.Superseded():
		}
	}
}
