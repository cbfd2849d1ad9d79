package indicators

import (
	"math"
	"testing"
	"time"
)

// date parses an ISO date in UTC, failing the test on a typo.
func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func ptr(v float64) *float64 { return &v }

// twoTargets is a level indicator going 0 → 100 in 2024 (366 days) and
// 100 → 200 in 2025 (365 days), with a 30-day cadence.
func twoTargets(t testing.TB) *Indicator {
	return &Indicator{
		ID: "users", Kind: KindLevel, Unit: "count", Direction: Increase,
		Baseline: Anchor{Value: 0, Date: date(t, "2024-01-01")},
		Milestones: []Milestone{
			{Value: ptr(100), Deadline: date(t, "2025-01-01")},
			{Value: ptr(200), Deadline: date(t, "2026-01-01")},
		},
		Cadence: 30 * day,
	}
}

// withShape returns ind with another shape and, for ShapePlan, plan points
// that include a flat segment from April to July 2024.
func withShape(t testing.TB, ind *Indicator, s Shape) *Indicator {
	ind.Shape = s
	if s == ShapePlan {
		ind.Plan = []Anchor{
			{Value: 10, Date: date(t, "2024-04-01")},
			{Value: 10, Date: date(t, "2024-07-01")},
			{Value: 60, Date: date(t, "2024-10-01")},
		}
	}
	return ind
}

func TestPlanned(t *testing.T) {
	// into is the time a share of the way through 2024.
	into := func(share float64) time.Time {
		return date(t, "2024-01-01").Add(time.Duration(share * float64(366*day)))
	}
	milestone := &Indicator{Kind: KindMilestone, Baseline: Anchor{Value: 5, Date: date(t, "2024-01-01")},
		Milestones: []Milestone{{Deadline: date(t, "2025-01-01")}}}
	decrease := &Indicator{Direction: Decrease, Baseline: Anchor{Value: 12, Date: date(t, "2024-01-01")},
		Milestones: []Milestone{{Value: ptr(6), Deadline: date(t, "2026-01-01")}}}
	cases := []struct {
		name string
		ind  *Indicator
		at   time.Time
		want float64
	}{
		{"before the baseline", twoTargets(t), date(t, "2023-06-01"), 0},
		{"on the baseline", twoTargets(t), date(t, "2024-01-01"), 0},
		{"linear by default", twoTargets(t), date(t, "2024-07-01"), 100 * 182.0 / 366},
		{"linear on a milestone", twoTargets(t), date(t, "2025-01-01"), 100},
		{"linear second segment", twoTargets(t), date(t, "2025-07-01"), 100 + 100*181.0/365},
		{"after the last deadline", twoTargets(t), date(t, "2027-01-01"), 200},
		{"s-curve slow start", withShape(t, twoTargets(t), ShapeSCurve), into(0.25), 7.0103717},
		{"s-curve middle", withShape(t, twoTargets(t), ShapeSCurve), into(0.5), 50},
		{"s-curve slow end", withShape(t, twoTargets(t), ShapeSCurve), into(0.75), 92.9896283},
		{"s-curve on a milestone", withShape(t, twoTargets(t), ShapeSCurve), date(t, "2025-01-01"), 100},
		{"step before a deadline", withShape(t, twoTargets(t), ShapeStep), date(t, "2024-12-31"), 0},
		{"step on a deadline", withShape(t, twoTargets(t), ShapeStep), date(t, "2025-01-01"), 100},
		{"step between deadlines", withShape(t, twoTargets(t), ShapeStep), date(t, "2025-12-31"), 100},
		{"plan before its first point", withShape(t, twoTargets(t), ShapePlan), date(t, "2024-02-15"), 10 * 45.0 / 91},
		{"plan flat segment", withShape(t, twoTargets(t), ShapePlan), date(t, "2024-05-15"), 10},
		{"plan toward the next milestone", withShape(t, twoTargets(t), ShapePlan), date(t, "2024-11-15"), 60 + 40*45.0/92},
		{"plan falls back to milestones", withShape(t, twoTargets(t), ShapePlan), date(t, "2025-07-01"), 100 + 100*181.0/365},
		{"milestone kind ignores baseline value", milestone, date(t, "2023-12-01"), 0},
		{"milestone kind progress", milestone, date(t, "2024-07-01"), 182.0 / 366},
		{"milestone kind done at deadline", milestone, date(t, "2025-01-01"), 1},
		{"decrease", decrease, date(t, "2025-01-01"), 12 - 6*366.0/731},
		{"no milestone", &Indicator{Baseline: Anchor{Value: 3}}, date(t, "2025-01-01"), 3},
	}
	for _, c := range cases {
		if got := c.ind.Planned(c.at); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: Planned(%s) = %v, want %v", c.name, c.at.Format(time.DateTime), got, c.want)
		}
	}
}
