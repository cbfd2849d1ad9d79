package collector

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/leader"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// fetch is one request the source received: when, and from which replica.
type fetch struct {
	at      time.Time
	replica string
}

type fetchLog struct {
	mu   sync.Mutex
	all  []fetch
	body []byte
}

func (f *fetchLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.all = append(f.all, fetch{time.Now(), r.Header.Get("X-Replica")})
	f.mu.Unlock()
	w.Write(f.body)
}

func (f *fetchLog) fetches() []fetch {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fetch(nil), f.all...)
}

// tagged marks each request with the replica that sent it.
type tagged struct{ name string }

func (t tagged) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Replica", t.name)
	return http.DefaultTransport.RoundTrip(r)
}

// fencedState is the pullers' state store of one replica: its term's fence
// on every write once it leads, as cmd/jalond's termStore.
type fencedState struct {
	*etcdstore.Backend
	fenced atomic.Pointer[etcdstore.Fenced]
}

func (s *fencedState) PutState(b store.StateBucket, key string, v []byte) error {
	if f := s.fenced.Load(); f != nil {
		return f.PutState(b, key, v)
	}
	return s.Backend.PutState(b, key, v)
}

// Two replicas on one record, each with its collector and an elector. The
// puller (every second) runs only on the leader; when the leader dies, the
// other takes over within the TTL and runs the slot missed meanwhile once,
// at once, then every second: the source never sees two fetches of one
// slot (two in one second) nor a fetch from the follower before it
// leads.
func TestPullerRunsOnTheLeaderOnlyAcrossAHandover(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 1)
	src := &fetchLog{body: readTestdata(t, "ins-regions.csv")}
	srv := httptest.NewServer(src)
	t.Cleanup(srv.Close)
	toml := fmt.Sprintf(insPuller, "@every 1s", srv.URL)
	const prefix = "jalon/pullers/"

	type replica struct {
		cli     *clientv3.Client
		m       *Manager
		el      *leader.Etcd
		stop    context.CancelFunc
		done    chan struct{}
		started atomic.Int64 // unix nanos of the term's start
	}
	start := func(name string) *replica {
		cli := cluster.Client(t)
		b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		reg := prometheus.NewRegistry()
		ev := evaluator.New(b, roadmap(t), evaluator.Options{Registerer: reg})
		pipe, err := ingest.NewPipeline(b, ev.Catalog, reg)
		if err != nil {
			t.Fatal(err)
		}
		st := &fencedState{Backend: b}
		m, err := New(Options{Pullers: pullers(t, toml), Pipeline: pipe, Store: st, Catalog: ev.Catalog(),
			Client: &http.Client{Transport: tagged{name}}, Registerer: reg, Logger: testLogger(t), Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		el, err := leader.NewEtcd(leader.Options{Client: cli, Prefix: prefix, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		r := &replica{cli: cli, m: m, el: el, done: make(chan struct{})}
		ctx, cancel := context.WithCancel(context.Background())
		r.stop = cancel
		go func() {
			defer close(r.done)
			el.Run(ctx, func(ctx context.Context, term leader.Term) error {
				f, err := b.Fenced(etcdstore.Fence{Key: term.Key, Rev: term.Rev})
				if err != nil {
					return err
				}
				st.fenced.Store(f)
				if err := b.Sync(ctx); err != nil { // as jalond: the last records before RunTerm reads them
					return err
				}
				r.started.Store(time.Now().UnixNano())
				return m.RunTerm(etcdstore.WithFence(ctx, f.Fence()))
			})
		}()
		t.Cleanup(func() { cancel(); <-r.done })
		return r
	}

	a := start("a")
	waitFor(t, 10*time.Second, "a leads", a.el.Leading)
	b := start("b")
	time.Sleep(3500 * time.Millisecond) // a runs about three slots; b waits in line
	if b.el.Leading() {
		t.Fatal("b leads while a does")
	}
	if st, _ := b.m.State("ins"); !st.LastRun.IsZero() {
		t.Errorf("b's view before Reload shows a run: %+v", st)
	}
	if err := b.m.Reload(); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.m.State("ins"); st.LastRun.IsZero() || st.LastResult != resultSuccess {
		t.Errorf("b's view after Reload = last run %v, %q; want a's successful runs", st.LastRun, st.LastResult)
	}

	died := time.Now()
	a.cli.Close() // a dies: no more renewals; its lease ends within the TTL
	waitFor(t, leader.DefaultTTL+5*time.Second, "b leads", b.el.Leading)
	time.Sleep(2500 * time.Millisecond) // b runs a few slots
	b.stop()
	<-b.done

	all := src.fetches()
	var firstB time.Time
	for i, f := range all {
		if f.replica == "b" && firstB.IsZero() {
			firstB = f.at
			if f.at.Before(died) {
				t.Errorf("b fetched at %s, before a died (%s)", f.at.Format("15:04:05.000"), died.Format("15:04:05.000"))
			}
		}
		if f.replica == "a" && f.at.After(died) {
			t.Errorf("a fetched at %s, after it died", f.at.Format("15:04:05.000"))
		}
		// "@every 1s" puts its slots on whole seconds; a late run of a
		// missed slot is in a second of its own too.
		if i > 0 && f.at.Truncate(time.Second).Equal(all[i-1].at.Truncate(time.Second)) {
			t.Errorf("fetches %d (%s, %s) and %d (%s, %s) are in one slot: fetched twice", i-1, all[i-1].replica,
				all[i-1].at.Format("15:04:05.000"), i, f.replica, f.at.Format("15:04:05.000"))
		}
	}
	if firstB.IsZero() {
		t.Fatalf("b never fetched; fetches: %v", all)
	}
	bStart := time.Unix(0, b.started.Load())
	t.Logf("a died at +0; b's term began at +%s, its first fetch (the slot missed meanwhile) at +%s; %d fetches in all",
		bStart.Sub(died).Round(time.Millisecond), firstB.Sub(died).Round(time.Millisecond), len(all))
	if d := firstB.Sub(bStart); d > 500*time.Millisecond {
		t.Errorf("b's first fetch came %s after its term began, want the missed slot at once", d)
	}
	if d := firstB.Sub(died); d > 15*time.Second {
		t.Errorf("the pullers resumed %s after the leader died, over the 15 s bound", d)
	}
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
