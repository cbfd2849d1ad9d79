package alerting

import (
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/evaluator"
)

// TestAssessmentDivergesFiresAfterFourteenDays: a divergence is pending at
// first and fires once it has lasted its default for of 14 days, with
// annotations that say who is more optimistic than what, and a link to
// the objective page.
func TestAssessmentDivergesFiresAfterFourteenDays(t *testing.T) {
	clk := &clock{t: t0}
	diverging := []Divergence{{Objective: "1-1", Owners: "green", Computed: "red"}}
	m, err := New(Options{Store: openStore(t, ""), Config: offTrackOnly(), Now: clk.Now,
		Snapshot: func() *evaluator.Snapshot { return nil }, Divergences: func() []Divergence { return diverging }})
	if err != nil {
		t.Fatal(err)
	}
	state := func(at time.Time) Alert {
		t.Helper()
		clk.Set(at)
		if err := m.evaluate(docsSnapshot(1, at, false)); err != nil {
			t.Fatal(err)
		}
		for _, a := range m.Alerts() {
			if a.Labels.Get("alertname") == "JalonAssessmentDiverges" {
				return a
			}
		}
		t.Fatalf("at %s: no JalonAssessmentDiverges alert", at)
		return Alert{}
	}
	if a := state(t0); a.State != StatePending || a.Labels.Get("objective") != "1-1" || a.Labels.Get("severity") != "warning" {
		t.Errorf("at start: %+v, want pending, objective 1-1, warning", a)
	}
	if a := state(t0.Add(13 * 24 * time.Hour)); a.State != StatePending {
		t.Errorf("after 13 days: %s, want pending", a.State)
	}
	a := state(t0.Add(14 * 24 * time.Hour))
	if a.State != StateFiring {
		t.Errorf("after 14 days: %s, want firing", a.State)
	}
	if d := a.Annotations["description"]; !strings.Contains(d, "The owners rate objective 1-1 green while the figures give red") {
		t.Errorf("description = %q", d)
	}
	if a.GeneratorURL != "http://jalon.test/objectives/1-1#assessment" {
		t.Errorf("generator URL = %q, want the objective page", a.GeneratorURL)
	}
	diverging = nil
	if a := state(t0.Add(15 * 24 * time.Hour)); a.State != StateResolved {
		t.Errorf("once the divergence ends: %s, want resolved", a.State)
	}
}
