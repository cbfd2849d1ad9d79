package indicators

import (
	"math"
	"testing"
)

// TestPace checks the required and recent paces against figures worked out
// by hand; a month is 365.25/12 = 30.4375 days.
func TestPace(t *testing.T) {
	users := func(target float64, dir Direction) *Indicator {
		return &Indicator{Kind: KindLevel, Direction: dir, Baseline: Anchor{Value: 0, Date: date(t, "2024-01-01")},
			Milestones: []Milestone{
				{Value: ptr(target / 2), Deadline: date(t, "2025-01-01")},
				{Value: ptr(target), Deadline: date(t, "2026-07-01")},
			}}
	}
	pts := []Point{
		{Time: date(t, "2024-07-01"), Value: 3000},
		{Time: date(t, "2025-01-01"), Value: 5200},
		{Time: date(t, "2025-03-01"), Value: 6000},
		{Time: date(t, "2025-05-01"), Value: 6600},
		{Time: date(t, "2025-07-01"), Value: 7000},
	}
	cases := []struct {
		name             string
		ind              *Indicator
		pts              []Point
		now              string
		required, recent float64 // NaN recent: none
		target           int
		recentFrom       string
	}{
		// 3 000 to go in 365 days = 250.17 a month; the 180 days up to
		// 2025-07-01 hold three figures from 2025-03-01 (1 000 in 122
		// days); 2025-01-01, 181 days before, is outside.
		{"behind", users(10000, Increase), pts, "2025-08-01", 3000 * 30.4375 / 365, 1000 * 30.4375 / 122, 1, "2025-03-01"},
		// yearly figures: fewer than three in six months, the last three.
		{"yearly", users(10000, Increase), []Point{
			{Time: date(t, "2023-12-31"), Value: 1000},
			{Time: date(t, "2024-12-31"), Value: 4000},
			{Time: date(t, "2025-12-31"), Value: 8000},
		}, "2026-01-15", 2000 * 30.4375 / 182, 7000 * 30.4375 / 731, 1, "2023-12-31"},
		{"met already", users(6000, Increase), pts, "2025-08-01", 0, 1000 * 30.4375 / 122, 1, "2025-03-01"},
		// a falling target: the pace is negative like the change it needs.
		{"decrease", users(-2000, Decrease), []Point{{Time: date(t, "2025-07-01"), Value: 1000}}, "2025-08-01", -3000 * 30.4375 / 365, math.NaN(), 1, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.ind.Baseline.Value = 0
			ev := Evaluate(c.ind, c.pts, date(t, c.now))
			if ev.Pace == nil {
				t.Fatalf("Evaluate().Pace = nil, want required %.3f", c.required)
			}
			p := ev.Pace
			if p.Target != c.target || !near(p.Required, c.required) || !near(p.Recent, c.recent) {
				t.Errorf("Pace = target %d, required %.4f, recent %.4f; want %d, %.4f, %.4f", p.Target, p.Required, p.Recent, c.target, c.required, c.recent)
			}
			if c.recentFrom != "" && !p.RecentFrom.Equal(date(t, c.recentFrom)) {
				t.Errorf("Pace.RecentFrom = %s, want %s", p.RecentFrom, c.recentFrom)
			}
		})
	}
}

// TestNoPace: no pace for a done/not-done milestone, without data, or once
// every deadline has passed; a deadline hours away gives a finite pace.
func TestNoPace(t *testing.T) {
	launch := &Indicator{Kind: KindMilestone, Milestones: []Milestone{{Deadline: date(t, "2026-07-01")}}}
	if ev := Evaluate(launch, []Point{{Time: date(t, "2025-01-01"), Value: 0}}, date(t, "2025-02-01")); ev.Pace != nil {
		t.Errorf("milestone: Pace = %+v, want nil", *ev.Pace)
	}
	level := &Indicator{Kind: KindLevel, Direction: Increase, Baseline: Anchor{Value: 0, Date: date(t, "2024-01-01")},
		Milestones: []Milestone{{Value: ptr(100), Deadline: date(t, "2025-01-01")}}}
	if ev := Evaluate(level, nil, date(t, "2024-06-01")); ev.Pace != nil {
		t.Errorf("no data: Pace = %+v, want nil", *ev.Pace)
	}
	if ev := Evaluate(level, []Point{{Time: date(t, "2024-12-01"), Value: 50}}, date(t, "2025-02-01")); ev.Pace != nil {
		t.Errorf("deadline passed: Pace = %+v, want nil", *ev.Pace)
	}
	late := []Point{{Time: date(t, "2024-12-31").Add(23 * 60 * 60 * 1e9), Value: 50}}
	ev := Evaluate(level, late, date(t, "2024-12-31").Add(23*60*60*1e9))
	if ev.Pace == nil || math.IsInf(ev.Pace.Required, 0) || !near(ev.Pace.Required, 50*30.4375) {
		t.Errorf("deadline an hour away: Pace = %+v, want required 50 a day = %.2f a month", ev.Pace, 50*30.4375)
	}
}

func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}
