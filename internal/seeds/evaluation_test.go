package seeds_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/golden"
)

// TestEvaluationGolden evaluates the whole catalog at a fixed date against
// the fixture's series (fixture_test.go) and compares one line per
// indicator with testdata/evaluation-2025-06-30.golden. A change of the
// catalog, the fixture or the trajectory engine shows there as a diff to
// review; go test ./seeds/ -update accepts it.
func TestEvaluationGolden(t *testing.T) {
	now := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	path := filepath.Join("testdata", "evaluation-"+now.Format(time.DateOnly)+".golden")

	var out strings.Builder
	out.WriteString("# objective indicator scenario status, then the evaluation's figures (%.4g)\n")
	counts := map[indicators.Status]int{}
	var e indicators.Evaluator
	for _, o := range loadCatalog(t).Objectives {
		for i := range o.Indicators {
			ind := &o.Indicators[i]
			sc := scenarioOf(ind)
			pts := sc.points(ind, now)
			for _, p := range pts {
				if err := indicators.ValidateValue(ind, p.Value); err != nil {
					t.Fatalf("fixture %s %s at %s: %v", ind.ID, sc.name, p.Time.Format(time.DateOnly), err)
				}
			}
			ev := e.Evaluate(ind, pts, now)
			counts[ev.Status]++
			fmt.Fprintf(&out, "%s %s %s %s\n", o.ID, ind.ID, sc.name, render(ev))
		}
	}
	out.WriteString("# statuses:")
	for _, s := range indicators.Statuses {
		fmt.Fprintf(&out, " %s=%d", s, counts[s])
	}
	out.WriteString("\n")

	golden.Compare(t, path, []byte(out.String()))
	// The fixture must keep covering every status, whatever the catalog becomes.
	for _, s := range indicators.Statuses {
		if counts[s] == 0 {
			t.Errorf("count(status %s) = 0, want at least 1: change the fixture's scenarios", s)
		}
	}
}

// render writes an evaluation's figures with fixed formatting; "-" stands
// for what does not exist (no data, no forecast).
func render(ev indicators.Evaluation) string {
	latest, forecast := "-", "- interval=-"
	if ev.Latest != nil {
		latest = num(ev.Latest.Value) + "@" + ev.Latest.Time.Format(time.DateOnly)
	}
	if f := ev.Forecast; f != nil {
		forecast = fmt.Sprintf("%s@%s interval=[%s,%s]", num(f.Value), f.At.Format(time.DateOnly), num(f.Low), num(f.High))
	}
	out := fmt.Sprintf("%s latest=%s planned=%s gap=%s target=%d forecast=%s p=%s confidence=%s",
		ev.Status, latest, num(ev.PlannedAtLatest), num(ev.Gap), ev.Target, forecast, num(ev.Probability), ev.Confidence)
	if ev.LastMissed >= 0 || ev.LastUnverified >= 0 {
		out += fmt.Sprintf(" last_missed=%d last_unverified=%d", ev.LastMissed, ev.LastUnverified)
	}
	if ev.LastJudged != "" {
		out += " last_judged=" + string(ev.LastJudged)
	}
	if ev.NoForecast.Reason != "" {
		out += fmt.Sprintf(" no_forecast=%q", ev.NoForecast)
	}
	return out
}

func num(v float64) string { return fmt.Sprintf("%.4g", v) }
