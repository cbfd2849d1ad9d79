package alerting

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// hookCounter is a webhook receiver counting the notifications by id.
type hookCounter struct {
	mu   sync.Mutex
	byID map[string]int
	got  []WebhookBody
}

func (h *hookCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var b WebhookBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	h.byID[b.ID]++
	h.got = append(h.got, b)
	h.mu.Unlock()
}

func (h *hookCounter) bodies() []WebhookBody {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]WebhookBody(nil), h.got...)
}

// An alert fires on the leader, whose webhook notification is still in
// the outbox when its lease is lost. The next leader, on another replica
// of the same record, reloads: the alert is firing with the same startsAt,
// the notification is delivered once, by it, and nothing pages again. The
// deposed leader's next commit is refused.
func TestHandoverKeepsStartsAtAndDeliversOnce(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 1)
	cli := cluster.Client(t)
	const prefix = "jalon/handover/"
	openReplica := func() *etcdstore.Backend {
		b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return b
	}
	campaign := func(b *etcdstore.Backend) (*concurrency.Session, *etcdstore.Fenced) {
		s, e := etcdcluster.Campaign(t, cli, prefix, "replica")
		f, err := b.Fenced(etcdstore.Fence{Key: e.Key(), Rev: e.Rev()})
		if err != nil {
			t.Fatal(err)
		}
		return s, f
	}
	hook := &hookCounter{byID: map[string]int{}}
	srv := httptest.NewServer(hook)
	t.Cleanup(srv.Close)
	clk := &clock{}
	newManager := func(st StateStore) *Manager {
		m, err := New(Options{Store: st, Snapshot: func() *evaluator.Snapshot { return nil }, Config: stateCfg(),
			Notifiers: []config.Notifier{{Name: "hook", Type: config.NotifierWebhook, URLs: []string{srv.URL + "/hook"}, Secret: "s"}},
			Now:       clk.Now, Registerer: prometheus.NewRegistry(), RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	evaluate := func(m *Manager, at time.Duration, gen uint64, status indicators.Status) error {
		clk.Set(t0.Add(at))
		e := evalDocs(t0.Add(at), status)
		e.LastMissed, e.LastUnverified = -1, -1
		return m.evaluate(snapshot(gen, testCatalog(), t0.Add(at), result("docs", e)))
	}
	offTrack := func(m *Manager, at time.Duration, gen uint64) error {
		return evaluate(m, at, gen, indicators.StatusOffTrack)
	}
	firing := func(m *Manager) *Alert {
		for _, a := range m.Alerts() {
			if a.Labels.Get("alertname") == rulename.TrajectoryOffTrack {
				return &a
			}
		}
		return nil
	}

	a, b := openReplica(), openReplica()
	sessA, fencedA := campaign(a)
	leaderA := newManager(fencedA)
	follower := newManager(b) // B follows: it builds its manager, runs nothing
	for i, at := range []time.Duration{0, time.Hour} {
		if err := offTrack(leaderA, at, uint64(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if al := firing(leaderA); al == nil || al.State != StateFiring || !al.FiredAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("on the leader: %+v, want firing since t0+1h", al)
	}
	if q := queued(leaderA, "hook"); len(q) != 1 || q[0].Status != "firing" {
		t.Fatalf("the leader's outbox holds %d notifications, want the firing one", len(q))
	}
	queuedID := queued(leaderA, "hook")[0].ID

	// A's lease is lost before it delivered; B wins and reloads.
	if _, err := cli.Revoke(context.Background(), sessA.Lease()); err != nil {
		t.Fatal(err)
	}
	sessB, fencedB := campaign(b)
	defer sessB.Close()
	// The deposed leader, unaware, sees the alert resolve: its commit of
	// the resolve and its notification is refused.
	if err := evaluate(leaderA, 65*time.Minute, 3, indicators.StatusOnTrack); !errors.Is(err, etcdstore.ErrDeposed) {
		t.Errorf("the deposed leader's commit = %v, want ErrDeposed", err)
	}
	if err := b.Sync(t.Context()); err != nil { // as jalond does before a term's reload
		t.Fatal(err)
	}
	leaderB := newManager(fencedB)
	for name, m := range map[string]*Manager{"a manager built before the handover": follower, "one built after": leaderB} {
		if err := m.Reload(); err != nil {
			t.Fatalf("%s: Reload = %v", name, err)
		}
		al := firing(m)
		if al == nil || al.State != StateFiring || !al.FiredAt.Equal(t0.Add(time.Hour)) || !al.ActiveAt.Equal(t0) {
			t.Errorf("%s, after Reload: %+v; want firing, active since t0, fired at t0+1h", name, al)
		}
		if q := queued(m, "hook"); len(q) != 1 || q[0].ID != queuedID {
			t.Errorf("%s, after Reload: %d notifications queued, want the leader's %s", name, len(q), queuedID)
		}
	}

	// The follower's manager becomes the leader's: it runs, fenced.
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	m := leaderB
	go func() { defer close(done); m.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for len(hook.bodies()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	for i, at := range []time.Duration{70 * time.Minute, 71 * time.Minute} {
		if err := offTrack(m, at, uint64(10+i)); err != nil {
			t.Errorf("the new leader's evaluation at +%v = %v", at, err)
		}
	}
	time.Sleep(300 * time.Millisecond) // room for a second delivery, were one queued
	cancel()
	<-done

	got := hook.bodies()
	if len(got) != 1 || got[0].ID != queuedID || got[0].Status != "firing" {
		t.Fatalf("webhook received %d notifications (%+v), want once the firing one queued by the old leader", len(got), got)
	}
	if n := got[0].Alerts[0]; !n.StartsAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("delivered startsAt = %v, want %v", n.StartsAt, t0.Add(time.Hour))
	}
	left := 0
	if err := b.ListState(store.StateOutbox, "", func(string, []byte) error { left++; return nil }); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d notifications left in the stored outbox after delivery, want 0", left)
	}
}
