package indicators

import (
	"fmt"
	"testing"
	"time"
)

// documentsPerYear is a count-input rate indicator fed quarterly counts:
// 100 per year at the end of 2023, 300 per year at the end of 2025.
func documentsPerYear(t testing.TB) *Indicator {
	return &Indicator{Kind: KindRate, Unit: "per_year", Direction: Increase,
		Input: InputCount, Period: 91 * day, Cadence: 91 * day,
		Baseline:   Anchor{Value: 100, Date: date(t, "2023-12-31")},
		Milestones: []Milestone{{Value: ptr(300), Deadline: date(t, "2025-12-31")}}}
}

func TestTrailingRates(t *testing.T) {
	quarters := series(t, "2024-03-31", 30, "2024-06-30", 35, "2024-09-30", 40, "2024-12-31", 45, "2025-03-31", 50)
	cases := []struct {
		name   string
		pts    []Point
		period time.Duration
		want   []float64
	}{
		{"no counts", nil, 91 * day, nil},
		{"first quarter scaled to a year", quarters[:1], 91 * day, []float64{30 * 365.0 / 91}},
		{"half a year scaled", quarters[:2], 91 * day, []float64{30 * 365.0 / 91, 65 * 365.0 / 182}},
		{"a full year is a plain sum", quarters[:4], 91 * day, []float64{30 * 365.0 / 91, 65 * 365.0 / 182, 105 * 365.0 / 274, 150}},
		{"the window slides", quarters, 91 * day, []float64{30 * 365.0 / 91, 65 * 365.0 / 182, 105 * 365.0 / 274, 150, 170}},
		{"a missing quarter counts as zero", series(t, "2024-03-31", 30, "2024-12-31", 45, "2025-03-31", 50), 91 * day,
			[]float64{30 * 365.0 / 91, 75, 95}},
		{"yearly counts", series(t, "2024-12-31", 120, "2025-12-31", 130), year, []float64{120, 130}},
	}
	for _, c := range cases {
		got := trailingRates(nil, c.pts, c.period)
		if fmt.Sprintf("%.6g", values(got)) != fmt.Sprintf("%.6g", c.want) {
			t.Errorf("%s: trailingRates(%v) = %.6g, want %.6g", c.name, c.pts, values(got), c.want)
		}
	}
}

func values(pts []Point) []float64 {
	var v []float64
	for _, p := range pts {
		v = append(v, p.Value)
	}
	return v
}

func TestEvaluateCountInput(t *testing.T) {
	pts := series(t, "2024-03-31", 30, "2024-06-30", 35, "2024-09-30", 40, "2024-12-31", 45)
	ev := Evaluate(documentsPerYear(t), pts, date(t, "2025-01-15"))
	// The trailing-year rate at 2024-12-31 averages 2024; a linear plan
	// averaged over that window is the plan at its middle, 2024-07-01 12:00,
	// 183.5 days after the baseline. Against the plan at 2024-12-31 itself
	// (200.1) this series, which keeps to its plan, would be off track.
	planned := 100 + 200*183.5/731
	got := fmt.Sprintf("latest %.6g planned %.6g gap %.6g %s", ev.Latest.Value, ev.PlannedAtLatest, ev.Gap, ev.Status)
	want := fmt.Sprintf("latest %.6g planned %.6g gap %.6g %s", 150.0, planned, (150-planned)/200, StatusOnTrack)
	if got != want {
		t.Errorf("Evaluate(%v) = %s, want %s", pts, got, want)
	}
}

func TestActuals(t *testing.T) {
	pts := series(t, "2024-03-31", 30, "2024-06-30", 35)
	level := twoTargets(t)
	if got := level.Actuals(nil, pts); fmt.Sprint(got) != fmt.Sprint(pts) {
		t.Errorf("Actuals(%v) = %v, want the points themselves", pts, got)
	}
	rate := documentsPerYear(t)
	rate.Period = 0 // falls back to the cadence
	if got, want := values(rate.Actuals(nil, pts)), []float64{30 * 365.0 / 91, 65 * 365.0 / 182}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Actuals(%v) = %v, want %v", pts, got, want)
	}
}
