package indicators

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// objective11 is the worked example of docs/trajectory.md: documents fed into
// Mon espace santé, in million per year. The baseline and the actuals are
// made up; the targets are the roadmap's.
func objective11(t testing.TB) (*Indicator, []Point, time.Time) {
	ind := &Indicator{ID: "mes_documents_per_year", Objective: "1-1", Kind: KindRate, Unit: "per_year",
		Direction: Increase, Input: InputRate, Cadence: 90 * day,
		Baseline: Anchor{Value: 100, Date: date(t, "2022-12-31")},
		Milestones: []Milestone{
			{Value: ptr(250), Deadline: date(t, "2023-12-31"), DeadlineText: "fin 2023"},
			{Value: ptr(400), Deadline: date(t, "2026-12-31"), DeadlineText: "fin 2026"},
		}}
	pts := series(t, "2023-12-31", 243, "2024-06-30", 252, "2024-12-31", 272, "2025-03-31", 298, "2025-06-30", 315)
	return ind, pts, date(t, "2025-08-15")
}

// TestWorkedExample checks that the tables of the worked example in
// docs/trajectory.md are what the code computes, so the two cannot drift.
func TestWorkedExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/trajectory.md")
	if err != nil {
		t.Fatal(err)
	}
	ind, pts, now := objective11(t)
	ev := Evaluate(ind, pts, now)
	var f fitter
	tr := f.fit(f.load(pts, false))
	for _, block := range []string{slopeTable(pts), residualTable(pts, tr), resultTable(ev, tr)} {
		if !strings.Contains(string(doc), block) {
			t.Errorf("docs/trajectory.md lacks, or has drifted from:\n%s", block)
		}
	}
}

// slopeTable lists the slope between every pair of points, x in days.
func slopeTable(pts []Point) string {
	var b strings.Builder
	b.WriteString("| pair | Δvalue / Δdays | slope |\n|---|---|---|\n")
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			dy, dx := pts[j].Value-pts[i].Value, pts[j].Time.Sub(pts[i].Time).Hours()/24
			fmt.Fprintf(&b, "| %c–%c | %g / %g | %.5f |\n", 'A'+i, 'A'+j, dy, dx, dy/dx)
		}
	}
	return b.String()
}

// residualTable lists, per point, its x, y − slope·x and its residual.
func residualTable(pts []Point, tr trend) string {
	var b strings.Builder
	b.WriteString("| point | date | x (days) | value y | y − slope·x | residual |\n|---|---|---|---|---|---|\n")
	last := pts[len(pts)-1].Time
	for i, p := range pts {
		x := p.Time.Sub(last).Hours() / 24
		fmt.Fprintf(&b, "| %c | %s | %g | %g | %.2f | %.2f |\n", 'A'+i, p.Time.Format(time.DateOnly), x, p.Value,
			p.Value-tr.slope*x, p.Value-tr.intercept-tr.slope*x)
	}
	return b.String()
}

// resultTable is the example's outcome.
func resultTable(ev Evaluation, tr trend) string {
	var b strings.Builder
	row := func(name, format string, v ...any) {
		fmt.Fprintf(&b, "| %s | "+format+" |\n", append([]any{name}, v...)...)
	}
	b.WriteString("| quantity | value |\n|---|---|\n")
	row("current target", "milestone %d: 400 by %s", ev.Target+1, ev.Forecast.At.Format(time.DateOnly))
	row("planned at the latest actual, E(2025-06-30)", "%.2f", ev.PlannedAtLatest)
	row("planned now, E(2025-08-15)", "%.2f", ev.PlannedNow)
	row("gap", "%.4f", ev.Gap)
	row("progress", "%.4f", ev.Progress)
	row("status", "%s", ev.Status)
	row("slope (median of the 10 slopes)", "%.5f per day", tr.slope)
	row("intercept (median of y − slope·x)", "%.2f", tr.intercept)
	row("σ = 1.4826 × median absolute residual", "%.3f", tr.sigma)
	row("x̄, Σ(x − x̄)²", "%g, %g", tr.meanX, tr.ssd)
	row("forecast at 2026-12-31 (x = 549)", "%.2f", ev.Forecast.Value)
	row("standard error at x = 549", "%.3f", (ev.Forecast.High-ev.Forecast.Value)/tQuantile90(tr.n-2))
	row("t quantile (0.9, df = 3)", "%.4f", tQuantile90(tr.n-2))
	row("80 % interval", "%.2f to %.2f", ev.Forecast.Low, ev.Forecast.High)
	row("probability of 400 or more", "%.3f", ev.Probability)
	row("confidence", "%s", ev.Confidence)
	return b.String()
}
