package alerting

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// stateCfg leaves only JalonTrajectoryOffTrack (for 1h, the default).
func stateCfg() config.Alerting {
	off := config.AlertSettings{Disabled: ptr(true)}
	return config.Alerting{Rules: map[string]config.AlertSettings{
		rulename.DeadlineMissed: off, rulename.DeadlineUnverified: off, rulename.ForecastMissesTarget: off, rulename.DataStale: off,
	}}
}

func newStateManager(t *testing.T, st *store.Store, clk *clock) *Manager {
	t.Helper()
	m, err := New(Options{Store: st, Snapshot: func() *evaluator.Snapshot { return nil }, Config: stateCfg(),
		Notifiers: testNotifiers(), Now: clk.Now, Registerer: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// step is one evaluation at t0+at with the off-track condition holding or
// not, and what it must leave.
type step struct {
	at        time.Duration
	active    bool
	want      State    // of the off-track alert; StateInactive: none
	wantHooks []string // statuses of the webhook notifications it queued
	wantAM    int      // Alertmanager entries it queued
}

func TestRestartInEachState(t *testing.T) {
	tests := []struct {
		name          string
		before, after []step
		keepQueued    bool // restart with the last notifications undelivered
		wantStartsAt  time.Duration
	}{
		{name: "inactive", before: []step{{0, false, StateInactive, nil, 0}},
			after: []step{{10 * time.Minute, true, StatePending, nil, 0}}},
		{name: "pending keeps its elapsed for", before: []step{{0, true, StatePending, nil, 0}},
			after: []step{
				{40 * time.Minute, true, StatePending, nil, 0},
				{time.Hour, true, StateFiring, []string{"firing"}, 1},
			}, wantStartsAt: time.Hour},
		{name: "firing keeps its startsAt and does not page again",
			before: []step{{0, true, StatePending, nil, 0}, {time.Hour, true, StateFiring, []string{"firing"}, 1}},
			after: []step{
				{70 * time.Minute, true, StateFiring, nil, 1},
				{71 * time.Minute, true, StateFiring, nil, 1},
			}, wantStartsAt: time.Hour},
		{name: "firing, resolved while down: the resolve is sent",
			before: []step{{0, true, StatePending, nil, 0}, {time.Hour, true, StateFiring, []string{"firing"}, 1}},
			after:  []step{{3 * time.Hour, false, StateResolved, []string{"resolved"}, 1}}, wantStartsAt: time.Hour},
		{name: "resolved is re-sent during retention, then forgotten",
			before: []step{{0, true, StatePending, nil, 0}, {time.Hour, true, StateFiring, []string{"firing"}, 1},
				{2 * time.Hour, false, StateResolved, []string{"resolved"}, 1}},
			after: []step{
				{2*time.Hour + 5*time.Minute, false, StateResolved, nil, 1},
				{2*time.Hour + 15*time.Minute, false, StateInactive, nil, 0},
			}, wantStartsAt: time.Hour},
		{name: "a queued resolve survives the restart",
			before: []step{{0, true, StatePending, nil, 0}, {time.Hour, true, StateFiring, []string{"firing"}, 1},
				{2 * time.Hour, false, StateResolved, []string{"resolved"}, 1}},
			keepQueued: true,
			after:      []step{{2*time.Hour + 30*time.Second, false, StateResolved, []string{"resolved"}, 1}}, wantStartsAt: time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := t.TempDir() + "/jalon.db"
			st := openStore(t, path)
			clk := &clock{}
			run := func(m *Manager, steps []step, keepLast bool) {
				for i, s := range steps {
					clk.Set(t0.Add(s.at))
					checkStep(t, m, s, tc.wantStartsAt)
					if !keepLast || i < len(steps)-1 {
						drain(t, m)
					}
				}
			}
			run(newStateManager(t, st, clk), tc.before, tc.keepQueued)
			st.Close()
			st = openStore(t, path)
			m := newStateManager(t, st, clk)
			run(m, tc.after, false)
			if last := tc.after[len(tc.after)-1]; last.want == StateInactive {
				n := 0
				st.ListState(store.StateAlerts, "", func(string, []byte) error { n++; return nil })
				if n != 0 {
					t.Errorf("store holds %d alert states after the alert was forgotten, want 0", n)
				}
			}
		})
	}
}

// checkStep evaluates one step and checks the alert's state and the
// notifications queued (the webhook notifications counted from the queue
// as it stands, the Alertmanager ones too).
func checkStep(t *testing.T, m *Manager, s step, wantStartsAt time.Duration) {
	t.Helper()
	now := m.opts.Now()
	e := evalDocs(now, indicators.StatusOnTrack)
	if s.active {
		e.Status = indicators.StatusOffTrack
	}
	e.LastMissed, e.LastUnverified = -1, -1
	if err := m.evaluate(snapshot(1, testCatalog(), now, result("docs", e))); err != nil {
		t.Fatal(err)
	}
	got := StateInactive
	for _, a := range m.Alerts() {
		if a.Labels.Get("alertname") == rulename.TrajectoryOffTrack {
			got = a.State
			if !a.FiredAt.IsZero() && !a.FiredAt.Equal(t0.Add(wantStartsAt)) {
				t.Errorf("at +%v: firedAt %v, want %v", s.at, a.FiredAt, t0.Add(wantStartsAt))
			}
		}
	}
	if got != s.want {
		t.Errorf("at +%v: state %s, want %s", s.at, got, s.want)
	}
	var hooks []string
	for _, e := range queued(m, "hook") {
		hooks = append(hooks, e.Status)
	}
	if fmt.Sprint(hooks) != fmt.Sprint(s.wantHooks) {
		t.Errorf("at +%v: webhook notifications %v, want %v", s.at, hooks, s.wantHooks)
	}
	am := queued(m, "am")
	if len(am) != s.wantAM {
		t.Errorf("at +%v: %d Alertmanager entries, want %d", s.at, len(am), s.wantAM)
	}
	for _, e := range am {
		if n := e.Alerts[0]; !n.StartsAt.Equal(t0.Add(wantStartsAt)) {
			t.Errorf("at +%v: Alertmanager startsAt %v, want %v", s.at, n.StartsAt, t0.Add(wantStartsAt))
		}
	}
}

// TestRestartSharesRuleLabels checks that alerts read at start take their
// rules' shared labels at once, and still report the labels they had.
func TestRestartSharesRuleLabels(t *testing.T) {
	st := openStore(t, "")
	c := testCatalog()
	e := evalDocs(t0, indicators.StatusOffTrack) // off track, a deadline missed
	s := snapshot(1, c, t0, result("docs", e, indicators.Label{Name: "region", Value: "84"}))
	cfg := config.Alerting{ExternalURL: "http://jalon.test"}
	newManager := func(snap *evaluator.Snapshot) *Manager {
		m, err := New(Options{Store: st, Snapshot: func() *evaluator.Snapshot { return snap }, Config: cfg,
			Now: (&clock{t: t0}).Now, Registerer: prometheus.NewRegistry()})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m1 := newManager(nil)
	if err := m1.evaluate(s); err != nil {
		t.Fatal(err)
	}
	labelsOf := func(m *Manager) string {
		var out []string
		for _, a := range m.Alerts() {
			out = append(out, a.Labels.String())
		}
		return fmt.Sprint(out)
	}
	want := labelsOf(m1)
	if len(m1.alerts) < 2 {
		t.Fatalf("alerts %s, want at least 2", want)
	}
	m2 := newManager(snapshot(0, c, t0))
	for _, a := range m2.alerts {
		if a.labels.base == nil {
			t.Errorf("alert %s read with all its labels its own", a.labels.get(nil))
		}
	}
	if got := labelsOf(m2); got != want {
		t.Errorf("alerts read at start: %s, want %s", got, want)
	}
	s.Generation = 2
	if err := m2.evaluate(s); err != nil {
		t.Fatal(err)
	}
	if got := labelsOf(m2); got != want {
		t.Errorf("alerts after an evaluation: %s, want %s", got, want)
	}
}
