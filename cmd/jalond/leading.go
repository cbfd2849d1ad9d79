package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/leader"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// elector is what leadership needs of leader.Etcd and leader.Single.
type elector interface {
	Run(ctx context.Context, work leader.Work) error
	Leading() bool
	Leader(ctx context.Context) (string, error)
	SetName(name string)
}

// termStore is the etcd backend the pullers and alerting keep their state
// in: its writes carry the current term's fence, so that a leader deposed
// while paused cannot overwrite what its successor recorded. Before the
// first term its writes are not fenced (alerting.New may drop orphan
// outbox entries); after a term they keep that term's fence, refused once
// it is over, until the next term begins.
type termStore struct {
	*etcdstore.Backend
	fenced atomic.Pointer[etcdstore.Fenced]
}

func (s *termStore) writer() store.Backend {
	if f := s.fenced.Load(); f != nil {
		return f
	}
	return s.Backend
}

func (s *termStore) PutState(b store.StateBucket, key string, v []byte) error {
	return s.writer().PutState(b, key, v)
}

func (s *termStore) DeleteState(b store.StateBucket, key string) error {
	return s.writer().DeleteState(b, key)
}

func (s *termStore) UpdateState(changes []store.StateChange) error {
	return s.writer().UpdateState(changes)
}

// fence returns ctx carrying the current term's fence, if any.
func (s *termStore) fence(ctx context.Context) context.Context {
	if f := s.fenced.Load(); f != nil {
		return etcdstore.WithFence(ctx, f.Fence())
	}
	return ctx
}

// stateStoreOf returns what the pullers and alerting keep their state in:
// the fenced termStore on etcd, st itself on bbolt (one replica, nobody to
// fence off).
func stateStoreOf(st store.Backend) (store.Backend, *termStore) {
	if eb, ok := st.(*etcdstore.Backend); ok {
		ts := &termStore{Backend: eb}
		return ts, ts
	}
	return st, nil
}

// leadership runs the pullers and alerting on the leader only: for each
// term, the state reloaded from the store (the previous leader's), then
// both run until the term ends. A follower reloads the state every refresh
// so that its pages and API show the leader's runs and alerts.
type leadership struct {
	el      elector
	ts      *termStore // nil on bbolt
	pullers *collector.Manager
	alerts  *alerting.Manager
	refresh time.Duration
	logger  *slog.Logger
	// reloading keeps a follower's reload from overlapping a new term's.
	reloading sync.Mutex
	// changed wakes a follower's reload: another replica changed the
	// pullers' or alerts' state (replicaFeed).
	changed chan struct{}
}

// newLeadership builds the elector of st's kind: on etcd, an election under
// the deployment's prefix (advertise names this replica once it listens).
func newLeadership(cfg *config.Daemon, ts *termStore, pullers *collector.Manager, alerts *alerting.Manager, externalURL string, logger *slog.Logger, reg prometheus.Registerer) (*leadership, error) {
	l := &leadership{ts: ts, pullers: pullers, alerts: alerts, refresh: cfg.EvaluationInterval, logger: logger.With("component", "leader"),
		changed: make(chan struct{}, 1)}
	var err error
	if ts == nil {
		l.el, err = leader.NewSingle(externalURL, reg)
		return l, err
	}
	l.el, err = leader.NewEtcd(leader.Options{Client: ts.Client(), Prefix: cfg.Storage.Etcd.Prefix, Name: externalURL,
		TTL: cfg.Storage.Etcd.LeaseTTL, Logger: l.logger, Registerer: reg})
	return l, err
}

// Run campaigns until ctx ends.
func (l *leadership) Run(ctx context.Context) error {
	if l.ts == nil {
		return l.el.Run(ctx, func(ctx context.Context, _ leader.Term) error { return l.runBoth(ctx, l.pullers.Run) })
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { l.follow(ctx) })
	return l.el.Run(ctx, l.term)
}

// term is one term on etcd: every write of the pullers and alerting fenced
// by it, their state reloaded, then both running until the term ends.
func (l *leadership) term(ctx context.Context, t leader.Term) error {
	f, err := l.ts.Fenced(etcdstore.Fence{Key: t.Key, Rev: t.Rev})
	if err != nil {
		return err
	}
	l.ts.fenced.Store(f)
	ctx = etcdstore.WithFence(ctx, f.Fence()) // the pullers' measurements
	// The local copy follows the log through a watch, a few milliseconds
	// behind: catch up first, so the previous leader's last records (a
	// slot run, a notification delivered) are read.
	l.reloading.Lock()
	err = l.ts.Sync(ctx)
	if err == nil {
		err = l.reload(true)
	}
	l.reloading.Unlock()
	if err != nil {
		// Most likely etcd is out of reach, and the lease with it: give the
		// term up rather than run on a stale state.
		l.logger.Error("leading: reload the state of the pullers and alerts; resigning", "err", err)
		sleepCtx(ctx, time.Second)
		return nil
	}
	// The leader also checkpoints the log (snapshot.go), so that starts
	// replay only its tail: one replica at a time, while it leads.
	var wg sync.WaitGroup
	defer wg.Wait()
	cctx, stop := context.WithCancel(ctx)
	defer stop()
	wg.Go(func() { l.ts.RunCheckpoints(cctx, etcdstore.CheckpointEvery, l.logger) })
	if err := l.runBoth(ctx, l.pullers.RunTerm); err != nil {
		// RunTerm fails only reading the records: as above.
		l.logger.Error("leading: the pullers stopped; resigning", "err", err)
		sleepCtx(ctx, time.Second)
	}
	return nil
}

// runBoth runs the pullers and alerting until ctx ends or either fails:
// the one does not lead without the other. (The collector returns at once,
// without error, when no puller is configured.)
func (l *leadership) runBoth(ctx context.Context, pullers func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Go(func() {
		if errs[0] = pullers(ctx); errs[0] != nil {
			cancel()
		}
	})
	wg.Go(func() {
		if errs[1] = l.alerts.Run(ctx); errs[1] != nil {
			cancel()
		}
	})
	wg.Wait()
	if errs[0] != nil {
		return errs[0]
	}
	return errs[1]
}

// follow reloads the stored state while this replica does not lead: when
// another replica changed it, and every evaluation interval in case a
// change went untold.
func (l *leadership) follow(ctx context.Context) {
	tick := time.NewTicker(l.refresh)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-l.changed:
		}
		l.reloading.Lock()
		if !l.el.Leading() {
			if err := l.reload(false); err != nil {
				l.logger.Warn("follower: reload the leader's puller and alert states", "err", err)
			}
		}
		l.reloading.Unlock()
	}
}

// reload reads the pullers' and alerts' state again; a leader takes the
// outbox too.
func (l *leadership) reload(leading bool) error {
	if err := l.pullers.Reload(); err != nil {
		return err
	}
	if leading {
		return l.alerts.Reload()
	}
	return l.alerts.ReloadAlerts()
}

// pullerRunner is the collector as the API sees it: RunNow on a follower
// is refused, naming the leader (answered 503), rather than forwarded,
// which would need the caller's credentials on another replica.
func (l *leadership) pullerRunner() *leaderPullers { return &leaderPullers{Manager: l.pullers, l: l} }

type leaderPullers struct {
	*collector.Manager
	l *leadership
}

func (p *leaderPullers) RunNow(ctx context.Context, name string) error {
	if p.l.ts == nil { // a lone replica always leads, running or not yet
		return p.Manager.RunNow(ctx, name)
	}
	if !p.l.el.Leading() {
		who, err := p.l.el.Leader(ctx)
		switch {
		case err != nil:
			who = "unknown (" + err.Error() + ")"
		case who == "":
			who = "being elected: try again in a few seconds"
		}
		return fmt.Errorf("run puller %q: %w; the leader is %s: send the run to that replica", name, collector.ErrNotLeader, who)
	}
	return p.Manager.RunNow(p.l.ts.fence(ctx), name)
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// advertise names this replica, for the others' answers, once the address
// it listens on is known (the port may have been 0): replicaname.go.
func (l *leadership) advertise(externalURL string, addr net.Addr, tls bool) {
	l.el.SetName(replicaName(hostname(), externalURL, addr, tls))
}

// stateChanged is told of the state buckets another replica's entry
// touched. It only wakes follow: it runs in the backend's apply path,
// which must not wait on a reload.
func (l *leadership) stateChanged(buckets []store.StateBucket) {
	for _, b := range buckets {
		if b == store.StateAlerts || b == store.StateCollectors {
			select {
			case l.changed <- struct{}{}:
			default:
			}
			return
		}
	}
}
