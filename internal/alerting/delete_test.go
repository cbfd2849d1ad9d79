package alerting

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// TestDeletedSeriesResolves checks that a firing alert resolves once its
// series is gone from the snapshot (deleted), leaving the indicator's
// no-data placeholder, and is sent as resolved.
func TestDeletedSeriesResolves(t *testing.T) {
	clk := &clock{t: t0}
	c := testCatalog()
	region := indicators.Label{Name: "region", Value: "93"}
	snap := snapshot(1, c, t0, result("share", evalDocs(t0, indicators.StatusOffTrack), region))
	m, err := New(Options{Store: openStore(t, ""), Snapshot: func() *evaluator.Snapshot { return snap }, Config: stateCfg(),
		Notifiers: testNotifiers(), Now: clk.Now, Registerer: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	states := func() []State {
		var out []State
		for _, a := range m.Alerts() {
			out = append(out, a.State)
		}
		return out
	}
	for _, at := range []time.Duration{0, time.Hour} {
		clk.Set(t0.Add(at))
		if err := m.Evaluate(); err != nil {
			t.Fatal(err)
		}
	}
	if got := states(); len(got) != 1 || got[0] != StateFiring {
		t.Fatalf("alerts before the deletion = %v, want one firing", got)
	}
	clk.Set(t0.Add(2 * time.Hour))
	snap = snapshot(2, c, clk.Now(), result("share", noData(clk.Now())))
	if err := m.Evaluate(); err != nil {
		t.Fatal(err)
	}
	if got := states(); len(got) != 1 || got[0] != StateResolved {
		t.Errorf("alerts after the deletion = %v, want one resolved", got)
	}
}
