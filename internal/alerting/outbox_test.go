package alerting

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

func ids(es []*entry) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, e.ID+":"+e.Status)
	}
	return strings.Join(parts, " ")
}

// TestOutboxBoundedAndCoalesced keeps both receivers down: the webhook's
// queue is cut to its limit from the oldest end, loudly; the
// Alertmanager's holds one entry per alert however many resends pile up.
// A restart finds both queues as they were.
func TestOutboxBoundedAndCoalesced(t *testing.T) {
	path := t.TempDir() + "/jalon.db"
	st := openStore(t, path)
	clk := &clock{t: t0}
	var logs bytes.Buffer
	cfg := offTrackOnly()
	cfg.OutboxLimit = 3
	newManager := func(st *store.Store) *Manager {
		m, err := New(Options{Store: st, Config: cfg, Now: clk.Now, Registerer: prometheus.NewRegistry(), Notifiers: testNotifiers(),
			Snapshot: func() *evaluator.Snapshot { return nil }, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := newManager(st)
	var statuses []string
	for i := range 5 {
		clk.Set(t0.Add(time.Duration(i) * time.Minute))
		if err := m.evaluate(docsSnapshot(uint64(i+1), clk.Now(), i%2 == 0)); err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, []string{"firing", "resolved"}[i%2])
	}
	hook := queued(m, "hook")
	if len(hook) != 3 || hook[0].Status != statuses[2] || hook[2].Status != statuses[4] {
		t.Errorf("webhook queue %s, want the 3 newest of %v", ids(hook), statuses)
	}
	if got := testutil.ToFloat64(m.metrics.dropped.WithLabelValues("hook")); got != 2 {
		t.Errorf("jalon_notifications_dropped_total{receiver=hook} = %v, want 2", got)
	}
	if !strings.Contains(logs.String(), `level=ERROR msg="outbox full: dropped the oldest notifications" receiver=hook dropped=1 limit=3`) {
		t.Errorf("no error logged when the outbox filled; logs:\n%s", logs.String())
	}
	am := queued(m, "am")
	if len(am) != 1 || am[0].Alerts[0].Status != "firing" {
		t.Errorf("Alertmanager queue %s, want the latest version of the one alert", ids(am))
	}
	keys := 0
	st.ListState(store.StateOutbox, "", func(string, []byte) error { keys++; return nil })
	if keys != 4 {
		t.Errorf("store holds %d outbox entries, want 4 (3 webhook, 1 Alertmanager)", keys)
	}

	st.Close()
	st = openStore(t, path)
	m2 := newManager(st)
	if got, want := ids(queued(m2, "hook")), ids(hook); got != want {
		t.Errorf("after restart the webhook queue is %s, want %s", got, want)
	}
	if got, want := ids(queued(m2, "am")), ids(am); got != want {
		t.Errorf("after restart the Alertmanager queue is %s, want %s", got, want)
	}
	if err := testutil.GatherAndCompare(m2.opts.Registerer.(prometheus.Gatherer), strings.NewReader(fmt.Sprintf(`
# HELP jalon_notification_outbox_length Notifications waiting in the outbox, by receiver.
# TYPE jalon_notification_outbox_length gauge
jalon_notification_outbox_length{receiver="am"} 1
jalon_notification_outbox_length{receiver="hook"} 3
# HELP jalon_notification_outbox_oldest_age_seconds Age of the oldest notification waiting in the outbox, 0 when empty, by receiver.
# TYPE jalon_notification_outbox_oldest_age_seconds gauge
jalon_notification_outbox_oldest_age_seconds{receiver="am"} 0
jalon_notification_outbox_oldest_age_seconds{receiver="hook"} %d
`, 120)), "jalon_notification_outbox_length", "jalon_notification_outbox_oldest_age_seconds"); err != nil {
		t.Error(err)
	}
}
