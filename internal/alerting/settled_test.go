package alerting

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// TestSettledDeadline checks that a miss of docs' 2023-12-31 milestone
// pages when its figure arrives a few days after the deadline, and is
// recorded as settled, with nothing sent, when the same figure arrives in
// a history import long after (alerting.settled_after, 30 days).
func TestSettledDeadline(t *testing.T) {
	for _, tc := range []struct {
		name            string
		arrival, evalAt time.Time
		state           State
		sent            int
	}{
		{"figure arrives days after the deadline", date(2024, 1, 5), date(2024, 1, 5), StateFiring, 1},
		// What counts is when the figure arrived, not when alerting first
		// looked (Jalon was down, or the rule disabled, meanwhile).
		{"figure arrived in time, first evaluated months later", date(2024, 1, 5), date(2024, 4, 1), StateFiring, 1},
		{"history imported 20 months after", date(2025, 8, 15), date(2025, 8, 15), StateSettled, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := &clock{t: tc.arrival}
			st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{NoSync: true, Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			ev := evaluator.New(st, testCatalog(), evaluator.Options{Now: clk.Now})
			if err := ev.Load(); err != nil {
				t.Fatal(err)
			}
			ms := []indicators.Measurement{{Indicator: "docs", Time: date(2023, 12, 31), Value: 200e6, Source: "test"}}
			if _, err := st.Write(t.Context(), ms, "test"); err != nil {
				t.Fatal(err)
			}
			ev.Touch(ms)
			if err := ev.Refresh(); err != nil {
				t.Fatal(err)
			}
			clk.Set(tc.evalAt)
			if err := ev.Refresh(); err != nil {
				t.Fatal(err)
			}
			cfg := config.Alerting{Rules: map[string]config.AlertSettings{}}
			for _, name := range rulename.All() {
				if name != rulename.DeadlineMissed {
					cfg.Rules[name] = config.AlertSettings{Disabled: ptr(true)}
				}
			}
			m, err := New(Options{Store: st, Snapshot: ev.Snapshot, Config: cfg, Now: clk.Now,
				Registerer: prometheus.NewRegistry(), Notifiers: testNotifiers()})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.evaluate(ev.Snapshot()); err != nil {
				t.Fatal(err)
			}
			alerts := m.Alerts()
			if len(alerts) != 1 || alerts[0].Labels.Get("alertname") != rulename.DeadlineMissed || alerts[0].State != tc.state {
				t.Fatalf("Alerts() = %+v, want one %s %s", alerts, rulename.DeadlineMissed, tc.state)
			}
			if got := len(queued(m, "am")) + len(queued(m, "hook")); got != 2*tc.sent {
				t.Errorf("notifications queued = %d, want %d", got, 2*tc.sent)
			}
			// The state is recorded: a restart keeps it and sends nothing new.
			m2, err := New(Options{Store: st, Snapshot: ev.Snapshot, Config: cfg, Now: clk.Now,
				Registerer: prometheus.NewRegistry(), Notifiers: testNotifiers()})
			if err != nil {
				t.Fatal(err)
			}
			if got := m2.Alerts(); len(got) != 1 || got[0].State != tc.state {
				t.Errorf("after a restart, Alerts() = %+v, want one %s", got, tc.state)
			}
		})
	}
}
