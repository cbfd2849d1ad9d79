package etcdstore

import (
	"sync"
	"sync/atomic"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// ChangeKind says what an entry of the log changed.
type ChangeKind int

const (
	// ChangeWrite: measurements written (new, revised or unchanged).
	ChangeWrite ChangeKind = iota + 1
	// ChangeDelete: series or points deleted.
	ChangeDelete
	// ChangeIndicator: a new revision of an indicator definition.
	ChangeIndicator
	// ChangeState: values of state buckets put or deleted.
	ChangeState
	// ChangeReload: the local copy was replaced wholesale (rebuilt from a
	// snapshot rather than entry by entry); everything a consumer caches
	// from it must be read again.
	ChangeReload
)

func (k ChangeKind) String() string {
	switch k {
	case ChangeWrite:
		return "write"
	case ChangeDelete:
		return "delete"
	case ChangeIndicator:
		return "indicator"
	case ChangeState:
		return "state"
	case ChangeReload:
		return "reload"
	}
	return "unknown"
}

// Change is one entry of the log as the local copy applied it: what a
// component caching a view of the record (the evaluator's results, the
// catalog in force) must refresh. Its slices are the consumer's to keep.
type Change struct {
	// Seq is the entry's sequence in the log.
	Seq uint64
	// Local is true for an entry this Backend appended itself (through
	// Write, Delete, PutIndicator…): its caller already knows of it. The
	// others were appended by other replicas and reached this one through
	// the watch or a catch-up.
	Local bool
	Kind  ChangeKind
	// Measurements are a write's, as they were written.
	Measurements []indicators.Measurement
	// Removed are what a deletion removed, series by series.
	Removed []store.Removed
	// Indicator is the id of the indicator revised.
	Indicator string
	// Buckets are the state buckets a state change touched, each once.
	Buckets []store.StateBucket
}

// changeOf is the change entry seq made, false when it made none (refused
// alike by every replica, or a definition equal to the current one).
func changeOf(seq uint64, o *op, out outcome, local bool) (Change, bool) {
	if out.err != nil {
		return Change{}, false
	}
	c := Change{Seq: seq, Local: local}
	switch o.Kind {
	case kindWrite:
		c.Kind, c.Measurements = ChangeWrite, o.Measurements
	case kindDelete:
		c.Kind, c.Removed = ChangeDelete, out.removed
	case kindIndicator:
		if !out.changed {
			return Change{}, false
		}
		c.Kind, c.Indicator = ChangeIndicator, o.Indicator.ID
	case kindState, kindStateAudited:
		c.Kind = ChangeState
		for _, s := range o.State {
			if len(c.Buckets) == 0 || c.Buckets[len(c.Buckets)-1] != s.Bucket {
				c.Buckets = append(c.Buckets, s.Bucket)
			}
		}
	default:
		return Change{}, false
	}
	return c, true
}

// notifier hands changes to Options.OnApply, in log order, from a goroutine
// of its own: the entry is applied under b.mu, possibly by a caller that
// holds a lock the hook takes (an API edit holding its catalog lock while
// it appends), so the hook must run neither there nor then. The queue is
// unbounded for that reason; a hook slower than the log only delays its
// own view, and jalon_etcd_changes_pending shows how far behind it is.
type notifier struct {
	fn      func(Change)
	mu      sync.Mutex
	queue   []Change
	pending atomic.Int64 // changes posted and not yet handed over
	wake    chan struct{}
	stop    chan struct{}
	stopped chan struct{}
}

func newNotifier(fn func(Change)) *notifier {
	n := &notifier{fn: fn, wake: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go n.run()
	return n
}

// post queues c; b.mu is held, so that changes queue in log order.
func (n *notifier) post(c Change) {
	n.mu.Lock()
	n.queue = append(n.queue, c)
	n.pending.Add(1)
	n.mu.Unlock()
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

func (n *notifier) run() {
	defer close(n.stopped)
	for {
		select {
		case <-n.stop:
			return
		case <-n.wake:
		}
		for {
			n.mu.Lock()
			batch := n.queue
			n.queue = nil
			n.mu.Unlock()
			if len(batch) == 0 {
				break
			}
			for _, c := range batch {
				select {
				case <-n.stop:
					return
				default:
				}
				n.fn(c)
				n.pending.Add(-1)
			}
		}
	}
}

// close stops delivering, dropping what is queued, and waits for the hook
// running, if any, to return.
func (n *notifier) close() {
	close(n.stop)
	<-n.stopped
}
