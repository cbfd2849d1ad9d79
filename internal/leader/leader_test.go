package leader_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/internal/leader"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
)

var cluster etcdcluster.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	cluster.Stop()
	os.Exit(code)
}

// newClient connects to the package's 3-member cluster, started on first
// use. Each replica has a client of its own, so that closing one is that
// replica dying.
func newClient(t *testing.T) *clientv3.Client {
	t.Helper()
	return cluster.Client(t)
}

// replica is one elector running, with its registry and the terms it began.
type replica struct {
	name  string
	cli   *clientv3.Client
	el    *leader.Etcd
	reg   *prometheus.Registry
	terms chan leader.Term
	ended chan struct{} // a term's work returned
	stop  context.CancelFunc
	done  chan error
}

func start(t *testing.T, prefix, name string) *replica {
	t.Helper()
	r := &replica{name: name, cli: newClient(t), reg: prometheus.NewRegistry(),
		terms: make(chan leader.Term, 8), ended: make(chan struct{}, 8), done: make(chan error, 1)}
	var err error
	r.el, err = leader.NewEtcd(leader.Options{Client: r.cli, Prefix: prefix, Name: name, Registerer: r.reg})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.stop = cancel
	go func() {
		r.done <- r.el.Run(ctx, func(ctx context.Context, term leader.Term) error {
			r.terms <- term
			<-ctx.Done()
			r.ended <- struct{}{}
			return nil
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(10 * time.Second):
			t.Errorf("%s: Run did not return 10 s after its context ended", name)
		}
	})
	return r
}

func (r *replica) gauge(t *testing.T) float64 { return r.metric(t, "jalon_leader") }

// metric reads a gauge or counter of r's registry.
func (r *replica) metric(t *testing.T, name string) float64 {
	t.Helper()
	mfs, err := r.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			m := mf.GetMetric()[0]
			return m.GetGauge().GetValue() + m.GetCounter().GetValue()
		}
	}
	t.Fatalf("%s exports no %s", r.name, name)
	return 0
}

func waitTerm(t *testing.T, r *replica, within time.Duration) leader.Term {
	t.Helper()
	select {
	case term := <-r.terms:
		return term
	case <-time.After(within):
		t.Fatalf("%s did not become leader within %s", r.name, within)
		return leader.Term{}
	}
}

// Two replicas: exactly one leads and says so; the other names it. The
// leader dying (its client closed: no more lease renewals) hands over
// within the TTL plus a margin, and the new leader's term has a new key
// revision for its fenced writes.
func TestLeaderDeathHandsOverWithinTheTTL(t *testing.T) {
	prefix := "jalon/leader-death/"
	a := start(t, prefix, "a.example:9464")
	first := waitTerm(t, a, 10*time.Second)
	b := start(t, prefix, "b.example:9464")
	select {
	case <-b.terms:
		t.Fatal("b leads while a does")
	case <-time.After(time.Second):
	}
	if !a.el.Leading() || b.el.Leading() || a.gauge(t) != 1 || b.gauge(t) != 0 {
		t.Errorf("Leading a=%v b=%v, jalon_leader a=%g b=%g; want a alone", a.el.Leading(), b.el.Leading(), a.gauge(t), b.gauge(t))
	}
	if got, err := b.el.Leader(t.Context()); err != nil || got != a.name {
		t.Errorf("b says the leader is %q, %v; want %q", got, err, a.name)
	}

	died := time.Now()
	a.cli.Close()
	second := waitTerm(t, b, leader.DefaultTTL+3*time.Second)
	handover := time.Since(died)
	t.Logf("handover after the leader's death: %s (TTL %s)", handover.Round(time.Millisecond), leader.DefaultTTL)
	if handover > 15*time.Second {
		t.Errorf("handover took %s, over the 15 s bound", handover)
	}
	select {
	case <-a.ended:
	case <-time.After(leader.DefaultTTL + 3*time.Second):
		t.Error("the dead leader's work was not cancelled")
	}
	if a.el.Leading() || a.gauge(t) != 0 || b.gauge(t) != 1 {
		t.Errorf("after the handover: a Leading=%v jalon_leader a=%g b=%g", a.el.Leading(), a.gauge(t), b.gauge(t))
	}
	if second.Rev <= first.Rev || second.Key == first.Key {
		t.Errorf("second term %+v does not supersede the first %+v", second, first)
	}
	if n := b.metric(t, "jalon_leader_changes_total"); n != 1 {
		t.Errorf("b's jalon_leader_changes_total = %g, want 1", n)
	}
}

// A leader shut down cleanly resigns: the next one starts at once, not a
// TTL later.
func TestCleanShutdownResigns(t *testing.T) {
	prefix := "jalon/leader-resign/"
	a := start(t, prefix, "a")
	waitTerm(t, a, 10*time.Second)
	b := start(t, prefix, "b")
	time.Sleep(500 * time.Millisecond) // b waits in line
	stopped := time.Now()
	a.stop()
	waitTerm(t, b, 2*time.Second)
	t.Logf("handover after a clean shutdown: %s", time.Since(stopped).Round(time.Millisecond))
	// Leader reads one member's view, which may trail the resignation
	// that b's member already applied by a few milliseconds.
	var got string
	var err error
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got, err = b.el.Leader(t.Context()); err == nil && got == "b" {
			return
		}
	}
	t.Errorf("Leader = %q, %v a second after b's term began; want b", got, err)
}

// A lone replica leads while it runs, and says so.
func TestSingleAlwaysLeads(t *testing.T) {
	reg := prometheus.NewRegistry()
	s, err := leader.NewSingle("here:9464", reg)
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{name: "single", reg: reg}
	ctx, cancel := context.WithCancel(t.Context())
	in := make(chan leader.Term, 1)
	done := make(chan error, 1)
	go func() {
		done <- s.Run(ctx, func(ctx context.Context, term leader.Term) error {
			in <- term
			<-ctx.Done()
			return nil
		})
	}()
	if term := <-in; term != (leader.Term{}) {
		t.Errorf("Single's term = %+v, want the zero Term (nothing to fence)", term)
	}
	if name, _ := s.Leader(ctx); !s.Leading() || r.gauge(t) != 1 || name != "here:9464" {
		t.Errorf("running: Leading=%v jalon_leader=%g Leader=%q", s.Leading(), r.gauge(t), name)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if s.Leading() || r.gauge(t) != 0 {
		t.Errorf("stopped: Leading=%v jalon_leader=%g", s.Leading(), r.gauge(t))
	}
}
