// Package leader elects, among the jalond replicas sharing one record on
// etcd, the one that runs the pullers and delivers notifications, so that
// a puller never runs twice for one schedule and an alert is never sent by
// two replicas. The election is etcd's (concurrency.Election) on a session
// whose lease the leader keeps alive: a leader that dies or is cut off
// stops renewing it, etcd deletes its key when the TTL runs out, and the
// next replica in line takes over. A single replica on bbolt has nobody to
// elect: Single always leads.
package leader

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// Term is one term as leader: the election key this replica holds and the
// revision that created it. Writes fenced by it (etcdstore.Fence) are
// refused once the key is gone. The zero Term is Single's: nothing to
// fence.
type Term struct {
	Key string
	Rev int64
}

// Work is what the leader runs during its term. Its context is cancelled
// the moment the term ends (lease lost, resigned, Run's context ended);
// it returns then. An error ends Run.
type Work func(ctx context.Context, t Term) error

// DefaultTTL is the lease's time to live: a dead leader's term ends at
// most this long after its last renewal, and the next leader starts
// within about a second more, well within the 15 s the handover may take.
const DefaultTTL = 5 * time.Second

// Options configure an Etcd elector.
type Options struct {
	Client *clientv3.Client
	// Prefix is the deployment's key prefix (storage.prefix); the election
	// is under Prefix + "leader".
	Prefix string
	// Name is what this replica campaigns with, shown by the other
	// replicas as the leader: its advertised URL or host:port.
	Name string
	// TTL of the session's lease, whole seconds; zero means DefaultTTL.
	TTL        time.Duration
	Logger     *slog.Logger
	Registerer prometheus.Registerer
}

// Etcd is the elector of replicas on etcd.
type Etcd struct {
	opts    Options
	name    atomic.Pointer[string]
	key     string
	metrics *metrics
	leading atomic.Bool
}

// NewEtcd returns the elector; Run campaigns.
func NewEtcd(opts Options) (*Etcd, error) {
	switch {
	case opts.Client == nil:
		return nil, errors.New("leader: no etcd client")
	case strings.TrimSpace(opts.Prefix) == "":
		return nil, errors.New("leader: empty key prefix: the election is under the deployment's storage.prefix")
	case opts.Name == "":
		return nil, errors.New("leader: empty replica name: the other replicas show it as the leader")
	}
	if opts.TTL == 0 {
		opts.TTL = DefaultTTL
	}
	if opts.TTL < time.Second {
		return nil, fmt.Errorf("leader: TTL %s is under etcd's minimum lease of 1 s", opts.TTL)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	prefix := opts.Prefix
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	m, err := newMetrics(opts.Registerer)
	if err != nil {
		return nil, err
	}
	e := &Etcd{opts: opts, key: prefix + "leader", metrics: m}
	e.SetName(opts.Name)
	return e, nil
}

// SetName changes what the next campaign names this replica: jalond knows
// its address only once it listens (port 0 picks one).
func (e *Etcd) SetName(name string) { e.name.Store(&name) }

// Leading reports whether this replica is in a term now.
func (e *Etcd) Leading() bool { return e.leading.Load() }

// Leader returns the name of the replica leading now, "" when none does
// (between a leader's end and the next one's start). It reads one member's
// view (serializable: it answers without a quorum), which may trail a
// handover by a few milliseconds.
func (e *Etcd) Leader(ctx context.Context) (string, error) {
	// The election's keys are its prefix + "/" + lease: the oldest leads.
	resp, err := e.opts.Client.Get(ctx, e.key+"/", append(clientv3.WithFirstCreate(), clientv3.WithSerializable())...)
	if err != nil {
		return "", fmt.Errorf("leader: read the election %s: %w", e.key, err)
	}
	if len(resp.Kvs) == 0 {
		return "", nil
	}
	return string(resp.Kvs[0].Value), nil
}

// Run campaigns, runs work for each term won, and campaigns again when a
// term ends, until ctx ends or work fails. On its way out it resigns, so
// that the next leader starts at once rather than after the TTL.
func (e *Etcd) Run(ctx context.Context, work Work) error {
	ttl := int(e.opts.TTL / time.Second)
	for ctx.Err() == nil {
		// Not ctx: its end must not end the lease before the resignation,
		// which is what hands over at once. Every session is closed below.
		s, err := concurrency.NewSession(e.opts.Client, concurrency.WithTTL(ttl), concurrency.WithContext(context.WithoutCancel(ctx)))
		if err != nil {
			e.opts.Logger.Warn("leader election: no etcd session, retrying", "err", err)
			sleep(ctx, time.Second)
			continue
		}
		err = e.term(ctx, s, work)
		s.Close() // revokes the lease: nothing of this session outlives it
		if err != nil {
			return err
		}
	}
	return nil
}

// term campaigns on session s and, once elected, runs work until the
// term ends.
func (e *Etcd) term(ctx context.Context, s *concurrency.Session, work Work) error {
	// A campaign outlives nothing of its session: if the lease is lost
	// while waiting in line, the key is gone and winning would be a lie.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := sessionDone(s)
	stop := context.AfterFunc(done, cancel)
	defer stop()
	el := concurrency.NewElection(s, e.key)
	name := *e.name.Load()
	if err := el.Campaign(cctx, name); err != nil {
		if ctx.Err() == nil {
			e.opts.Logger.Warn("leader election: campaign ended, campaigning again", "err", err)
		}
		return nil
	}
	t := Term{Key: el.Key(), Rev: el.Rev()}
	e.leading.Store(true)
	e.metrics.leading.Set(1)
	e.metrics.changes.Inc()
	e.opts.Logger.Info("leading: running the pullers and delivering notifications", "name", name, "revision", t.Rev)
	err := work(cctx, t)
	e.leading.Store(false)
	e.metrics.leading.Set(0)
	lost := done.Err() != nil
	if !lost {
		rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		if rerr := el.Resign(rctx); rerr != nil {
			e.opts.Logger.Warn("leader election: resign (the lease ends it within the TTL)", "err", rerr)
		}
		rcancel()
	}
	e.opts.Logger.Info("no longer leading", "name", name, "lease_lost", lost, "err", err)
	if err != nil && ctx.Err() == nil && !lost {
		return err
	}
	return nil
}

// sessionDone is a context ended when s's lease is lost or s closed.
func sessionDone(s *concurrency.Session) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-s.Done()
		cancel()
	}()
	return ctx
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Single is the elector of a lone replica (the bbolt backend): it always
// leads.
type Single struct {
	name    atomic.Pointer[string]
	metrics *metrics
	leading atomic.Bool
}

// NewSingle returns the elector of a lone replica named name.
func NewSingle(name string, reg prometheus.Registerer) (*Single, error) {
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	s := &Single{metrics: m}
	s.SetName(name)
	return s, nil
}

// SetName changes the name Leader returns.
func (s *Single) SetName(name string) { s.name.Store(&name) }

// Run runs work for one term, lasting until ctx ends.
func (s *Single) Run(ctx context.Context, work Work) error {
	s.leading.Store(true)
	s.metrics.leading.Set(1)
	s.metrics.changes.Inc()
	defer func() {
		s.leading.Store(false)
		s.metrics.leading.Set(0)
	}()
	return work(ctx, Term{})
}

// Leading reports whether Run is going.
func (s *Single) Leading() bool { return s.leading.Load() }

// Leader names this replica while it runs.
func (s *Single) Leader(context.Context) (string, error) {
	if s.leading.Load() {
		return *s.name.Load(), nil
	}
	return "", nil
}
