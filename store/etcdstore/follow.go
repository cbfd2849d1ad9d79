package etcdstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/store"
)

// The follower keeps the local copy current between writes: it watches the
// log's key range and applies each entry as etcd reports it, so that reads
// answer from the local copy without asking etcd anything. Every way it can
// lose the thread (a watch error, a compacted revision, a cancelled watch,
// an entry out of sequence, no word from etcd) ends in catchUp, the one
// path that reads the log, then a new watch from after what catchUp read.

// defaultProbe is how often the follower asks etcd whether the watch has
// delivered everything: a replica knows it is in sync within a few probes.
const defaultProbe = time.Second

// follower is the Backend's watch on the log and what it knows of it.
type follower struct {
	probe   time.Duration
	watcher clientv3.Watcher
	notify  *notifier // nil without Options.OnApply
	cancel  context.CancelFunc
	done    chan struct{}
	stop    sync.Once

	// applied mirrors Backend.applied, and broken Backend.broken, for
	// readers that must not wait for b.mu (held across an append's round
	// trip to etcd).
	applied atomic.Uint64
	broken  atomic.Pointer[error]
	seen    atomic.Uint64 // the last entry known to be in the log
	// behind is when (unix nanoseconds) seen last moved past applied, zero
	// once applied caught up: a replica is only behind once an entry it
	// heard of has waited longer than a probe, not while it applies it.
	behind atomic.Int64

	mu    sync.Mutex
	live  bool      // the watch is established
	heard time.Time // the watch's last response: an entry or a progress report
	why   error     // what ended the last watch
}

// startFollowing starts the watch; b.mu is held, the local copy caught up.
func (b *Backend) startFollowing(opts Options) error {
	f := &b.f
	f.probe = opts.Probe
	if f.probe <= 0 {
		f.probe = defaultProbe
	}
	// From here on, entries are news to the components already reading
	// the local copy: the ones applied so far they read when they start.
	if opts.OnApply != nil {
		f.notify = newNotifier(opts.OnApply)
	}
	if opts.Registerer != nil {
		if err := b.registerFollowMetrics(opts.Registerer); err != nil {
			f.stopNotify()
			return err
		}
	}
	f.seen.Store(b.applied)
	f.watcher = clientv3.NewWatcher(b.cli)
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel, f.done = cancel, make(chan struct{})
	go b.follow(ctx)
	return nil
}

// stopFollowing ends the watch and the notifications; Close calls it before
// releasing the local copy.
func (b *Backend) stopFollowing() {
	f := &b.f
	f.stop.Do(func() {
		if f.cancel == nil {
			return
		}
		f.cancel()
		<-f.done
		f.watcher.Close()
		f.stopNotify()
	})
}

// appliedEntry records that entry seq is applied and queues its change for
// the hook. b.mu is held.
func (b *Backend) appliedEntry(seq uint64, o *op, out outcome, local bool) {
	b.f.applied.Store(seq)
	b.f.caughtUpTo(seq)
	if n := b.f.notify; n != nil {
		if c, ok := changeOf(seq, o, out, local); ok {
			n.post(c)
		}
	}
}

// fail marks the local copy diverged from the log. b.mu is held.
func (b *Backend) fail(err error) error {
	b.broken = err
	b.f.broken.Store(&err)
	return err
}

// readable is what every read checks: it answers from the local copy
// unless the backend is closed or the copy diverged.
func (b *Backend) readable() error {
	if b.closed.Load() {
		return store.ErrClosed
	}
	if p := b.f.broken.Load(); p != nil {
		return *p
	}
	return nil
}

// catchUpNow brings the local copy up to the log as committed now. b.mu is
// held.
func (b *Backend) catchUpNow(ctx context.Context) error {
	err := b.catchUp(ctx)
	// catchUp may move b.applied by other means than apply (a snapshot).
	b.f.applied.Store(b.applied)
	b.f.caughtUpTo(b.applied)
	return err
}

// caughtUpTo records that the local copy holds every entry up to seq.
// b.mu is held.
func (f *follower) caughtUpTo(seq uint64) {
	if f.seen.Load() <= seq {
		f.seen.Store(seq)
		f.behind.Store(0)
	}
}

// heardOf records that the log holds entry seq, which the local copy may
// not hold yet. b.mu is held.
func (f *follower) heardOf(seq uint64) {
	if f.seen.Load() >= seq {
		return
	}
	if f.behind.Load() == 0 && seq > f.applied.Load() {
		f.behind.Store(time.Now().UnixNano())
	}
	f.seen.Store(seq)
}

// Sync catches the local copy up with the log as etcd has it now: reads
// after it see every write any replica acknowledged before the call. The
// watch does the same within a fraction of a second; Sync is for a caller
// that must not wait for it (a backup, a test).
func (b *Backend) Sync(ctx context.Context) error {
	if err := b.readable(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed.Load() {
		return store.ErrClosed
	}
	if b.broken != nil {
		return b.broken
	}
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	return b.catchUpNow(ctx)
}

// InSync returns nil when the local copy follows the log: the watch is
// established, etcd answered it within the last few probes, and no entry it
// reported has waited more than a probe to be applied. Otherwise it says
// how the copy lags, and why. Reads answer from the local copy either way.
func (b *Backend) InSync() error {
	if err := b.readable(); err != nil {
		return err
	}
	f := &b.f
	f.mu.Lock()
	live, heard, why := f.live, f.heard, f.why
	f.mu.Unlock()
	applied, seen, behind := f.applied.Load(), f.seen.Load(), f.behind.Load()
	switch {
	case !live && why == nil:
		return fmt.Errorf("etcdstore: the local copy (at entry %d) is not following the log yet: the watch is starting", applied)
	case !live:
		return fmt.Errorf("etcdstore: the local copy (at entry %d) is not following the log: the watch is restarting after: %w", applied, why)
	case time.Since(heard) > 3*f.probe:
		return fmt.Errorf("etcdstore: the local copy (at entry %d) has had no word from etcd for %s: it may be behind the log",
			applied, time.Since(heard).Round(time.Millisecond))
	case seen > applied && behind != 0 && time.Since(time.Unix(0, behind)) > f.probe:
		return fmt.Errorf("etcdstore: the local copy has been %d entries behind the log (at entry %d of %d) for %s",
			seen-applied, applied, seen, time.Since(time.Unix(0, behind)).Round(time.Millisecond))
	}
	return nil
}

// follow watches the log until ctx ends, starting over after each failure
// with a growing pause.
func (b *Backend) follow(ctx context.Context) {
	defer close(b.f.done)
	const minPause, maxPause = 50 * time.Millisecond, 5 * time.Second
	pause := minPause
	for ctx.Err() == nil {
		wentLive, err := b.watchOnce(ctx)
		b.setLive(false, err)
		if ctx.Err() != nil || b.f.broken.Load() != nil {
			return
		}
		if wentLive {
			pause = minPause
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, maxPause)
	}
}

func (b *Backend) setLive(live bool, why error) {
	f := &b.f
	f.mu.Lock()
	defer f.mu.Unlock()
	f.live = live
	if live {
		f.heard = time.Now()
	} else {
		f.why = why
	}
}

func (b *Backend) heard() {
	f := &b.f
	f.mu.Lock()
	f.heard = time.Now()
	f.mu.Unlock()
}

// watchOnce catches up, then applies the watch's entries until something
// goes wrong; it says whether the watch was established.
func (b *Backend) watchOnce(ctx context.Context) (bool, error) {
	// The revision is read before catching up: catchUp reads at least
	// that revision, and the watch reports everything after it; an entry
	// both report is skipped by its sequence.
	rctx, cancel := context.WithTimeout(ctx, b.timeout)
	resp, err := b.cli.Get(rctx, b.keys.logEnd(), clientv3.WithCountOnly())
	cancel()
	if err != nil {
		return false, fmt.Errorf("etcdstore: read the log's revision: %w", err)
	}
	rev := resp.Header.Revision
	if err := b.locked(ctx, b.catchUpNow); err != nil {
		return false, err
	}
	wctx, stop := context.WithCancel(clientv3.WithRequireLeader(ctx))
	defer stop()
	wch := b.f.watcher.Watch(wctx, b.keys.entry(0), clientv3.WithRange(b.keys.logEnd()),
		clientv3.WithRev(rev+1), clientv3.WithCreatedNotify())
	probe := time.NewTicker(b.f.probe)
	defer probe.Stop()
	live := false
	for {
		select {
		case <-ctx.Done():
			return live, ctx.Err()
		case <-probe.C:
			if !live {
				continue
			}
			b.f.mu.Lock()
			silent := time.Since(b.f.heard)
			b.f.mu.Unlock()
			if silent > 3*b.f.probe {
				return live, fmt.Errorf("etcdstore: no word from etcd on the watch for %s", silent.Round(time.Millisecond))
			}
			// The answer comes on the watch once it has sent every
			// event up to etcd's current revision: proof of being in
			// sync, not only connected.
			go func() {
				pctx, cancel := context.WithTimeout(wctx, b.f.probe)
				defer cancel()
				_ = b.f.watcher.RequestProgress(pctx)
			}()
		case wr, ok := <-wch:
			if !ok {
				return live, errors.New("etcdstore: the watch on the log closed")
			}
			if err := wr.Err(); err != nil {
				return live, fmt.Errorf("etcdstore: the watch on the log ended: %w", err)
			}
			if wr.Created {
				live = true
				b.setLive(true, nil)
				continue
			}
			if err := b.locked(ctx, func(ctx context.Context) error { return b.applyEvents(ctx, wr.Events) }); err != nil {
				return live, err
			}
			b.heard()
		}
	}
}

// locked runs fn under b.mu with a context bounded by b.timeout.
func (b *Backend) locked(ctx context.Context, fn func(context.Context) error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.broken != nil {
		return b.broken
	}
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	return fn(ctx)
}

// applyEvents applies the entries the watch reported, in order; those
// applied already (this replica's own, or read by a catch-up) are skipped.
// b.mu is held.
func (b *Backend) applyEvents(ctx context.Context, events []*clientv3.Event) error {
	for _, ev := range events {
		if ev.Type != clientv3.EventTypePut {
			continue // entries cut from the log's head: applied long ago
		}
		seq, err := b.keys.seq(ev.Kv.Key)
		if err != nil {
			return err
		}
		b.f.heardOf(seq)
		switch {
		case seq <= b.applied:
			continue
		case seq > b.applied+1:
			return fmt.Errorf("etcdstore: the watch reported entry %d after entry %d: catching up", seq, b.applied)
		}
		data, err := b.load(ctx, seq, ev.Kv.Value)
		if err != nil {
			return err
		}
		if _, err := b.apply(seq, data, false); err != nil {
			return err
		}
	}
	return nil
}

func (b *Backend) registerFollowMetrics(reg prometheus.Registerer) error {
	f := &b.f
	for _, c := range []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jalon_etcd_applied_entry",
			Help: "Sequence of the last log entry applied to this replica's local copy."},
			func() float64 { return float64(f.applied.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jalon_etcd_log_entry",
			Help: "Sequence of the last log entry this replica knows etcd holds."},
			func() float64 { return float64(f.seen.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jalon_etcd_in_sync",
			Help: "1 when this replica's local copy follows the log (the watch is live and no entry has waited more than a second to be applied), else 0."},
			func() float64 {
				if b.InSync() == nil {
					return 1
				}
				return 0
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jalon_etcd_changes_pending",
			Help: "Changes applied to the local copy that this replica's components (evaluator, catalog, pullers and alerts views) have not taken yet."},
			func() float64 {
				if f.notify == nil {
					return 0
				}
				return float64(f.notify.pending.Load())
			}),
	} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("etcdstore: register the follower's metrics: %w", err)
		}
	}
	return nil
}

// stopNotify stops the notifications, if any.
func (f *follower) stopNotify() {
	if f.notify != nil {
		f.notify.close()
	}
}
