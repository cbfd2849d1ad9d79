package indicators

import (
	"fmt"
	"math"
	"testing"
)

// oneOne is objective 1-1 as the roadmap catalog defines it: documents fed
// per year, monthly counts by default, 250 M by the end of 2023 and 400 M by
// the end of 2026.
func oneOne(t testing.TB) *Indicator {
	return &Indicator{ID: "mes_documents_fed_per_year", Kind: KindRate, Unit: "per_year", Direction: Increase,
		Input: InputCount, Period: 30 * day, Cadence: 30 * day, StaleAfter: 2,
		Baseline:  Anchor{Value: 0, Date: date(t, "2023-01-01")},
		Tolerance: Tolerance{AtRisk: 0.05, OffTrack: 0.15},
		Milestones: []Milestone{{Value: ptr(250e6), Deadline: date(t, "2023-12-31")},
			{Value: ptr(400e6), Deadline: date(t, "2026-12-31")}}}
}

// published is a count with its own period, from start to end.
func published(t testing.TB, start, end string, v float64, q Qualifier) Point {
	e := date(t, end)
	return Point{Time: e, Value: v, Span: e.Sub(date(t, start)), Qualifier: q}
}

// oneOneFigures are the 1-1 figures as published: 270 M over the 12 months
// to September 2024, 300 M in 2024, 420 M in 2025.
func oneOneFigures(t testing.TB) []Point {
	return []Point{
		published(t, "2023-10-01", "2024-09-30", 270e6, QualifierNone),
		published(t, "2024-01-01", "2024-12-31", 300e6, QualifierNone),
		published(t, "2025-01-01", "2025-12-31", 420e6, QualifierNone),
	}
}

func TestPeriodRatesOverlappingTotals(t *testing.T) {
	// docs/trajectory.md works this example: the year to 2024-12-31 (2024
	// being a leap year) starts on 2024-01-01, where both 2024 and the 12
	// months to September cover it; the calendar total, as long but ending
	// later, wins, and the 12-month total is left the day before. The year
	// to 2025-12-31 is the 2025 total and the uncovered night of 2024-12-31.
	got := periodRates(nil, oneOneFigures(t), 30*day)
	want := []float64{270e6, 300e6, 420e6}
	for i := range want {
		if math.Abs(got[i].Value-want[i]) > 1e-3 {
			t.Errorf("periodRates(1-1)[%d] = %.3f, want %.3f", i, got[i].Value, want[i])
		}
	}
}

func TestPeriodRatesMixedLengths(t *testing.T) {
	cases := []struct {
		name string
		pts  []Point
		want []float64
	}{
		{"a month inside a year takes its own days", []Point{
			published(t, "2024-01-01", "2024-12-31", 365, QualifierNone),
			published(t, "2025-01-01", "2025-01-31", 300, QualifierNone),
		}, []float64{365, 334 + 300}}, // the year to 2025-01-31 starts on 2024-02-01
		{"a quarter of a year scaled up", []Point{published(t, "2024-01-01", "2024-04-01", 91, QualifierNone)},
			[]float64{365}},
		{"counts without start keep the indicator's period", []Point{
			{Time: date(t, "2024-01-31"), Value: 30}, published(t, "2024-01-31", "2024-03-31", 60, QualifierNone),
		}, []float64{365, 90 * 365.0 / 90}},
	}
	for _, c := range cases {
		got := values(periodRates(nil, c.pts, 30*day))
		if fmt.Sprintf("%.6g", got) != fmt.Sprintf("%.6g", c.want) {
			t.Errorf("%s: periodRates = %.6g, want %.6g", c.name, got, c.want)
		}
	}
}

func TestEvaluateOneOnePublished(t *testing.T) {
	ind := oneOne(t)
	ev := Evaluate(ind, oneOneFigures(t), date(t, "2026-02-01"))
	if ev.Status != StatusAchieved || ev.Latest == nil || ev.Latest.Value != 420e6 {
		t.Fatalf("Evaluate(1-1 as published) = %s, latest %v; want achieved at 420 M", ev.Status, ev.Latest)
	}
	f := ev.Forecast
	if f == nil || !finite(f.Value, f.Low, f.High, ev.Probability) || f.Low >= f.High {
		t.Fatalf("Evaluate(1-1 as published): forecast %+v, probability %v; want finite with a real interval", f, ev.Probability)
	}
	if ev.LastUnverified != 0 {
		t.Errorf("Evaluate(1-1).LastUnverified = %d, want 0: no figure tells the 2023 rate", ev.LastUnverified)
	}
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func TestQualifierJudgement(t *testing.T) {
	ind := &Indicator{Kind: KindLevel, Unit: "count", Direction: Increase, Cadence: 30 * day, StaleAfter: 2,
		Baseline:   Anchor{Value: 0, Date: date(t, "2023-01-01")},
		Milestones: []Milestone{{Value: ptr(100), Deadline: date(t, "2024-12-31")}}}
	now := date(t, "2025-06-01")
	cases := []struct {
		name string
		q    Qualifier
		v    float64
		want MilestoneState
	}{
		{"a lower bound that meets the target proves it met", AtLeast, 120, MilestoneAchieved},
		{"a lower bound short of it proves nothing", AtLeast, 98, MilestoneUnverified},
		{"an exact figure short of it proves it missed", QualifierNone, 98, MilestoneMissed},
		{"an upper bound short of it proves it missed", AtMost, 98, MilestoneMissed},
		{"an upper bound above it proves nothing", AtMost, 120, MilestoneUnverified},
		{"an approximate figure counts as it reads", About, 120, MilestoneAchieved},
	}
	for _, c := range cases {
		pts := []Point{{Time: date(t, "2024-12-15"), Value: c.v, Qualifier: c.q}}
		if got := ind.MilestoneStates(pts, now); got[0] != c.want {
			t.Errorf("%s: MilestoneStates(%s %v) = %s, want %s", c.name, c.q, c.v, got[0], c.want)
		}
	}
}

func TestCumulativeRates(t *testing.T) {
	pts := series(t, "2025-01-01", 100, "2025-07-02", 200, "2026-01-01", 400, "2026-07-02", 700)
	got := values(cumulativeRates(nil, pts))
	// half a year: 100 more, scaled to a year; then exact yearly differences.
	want := []float64{100 * 365.0 / 182, 300, 500}
	if fmt.Sprintf("%.6g", got) != fmt.Sprintf("%.6g", want) {
		t.Errorf("cumulativeRates = %.6g, want %.6g", got, want)
	}
	ind := &Indicator{Kind: KindRate, Unit: "per_year", Input: InputCumulative}
	if got := ind.Actuals(nil, pts); len(got) != 3 {
		t.Errorf("Actuals(cumulative) = %v, want 3 rates: the first total starts the count", got)
	}
}
