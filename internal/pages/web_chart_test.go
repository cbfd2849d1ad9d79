package pages

import (
	"math"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/indicators"
)

func ptr(v float64) *float64 { return &v }

func nan() float64 { return math.NaN() }

func TestNiceStep(t *testing.T) {
	tests := []struct{ raw, want float64 }{
		{0.7, 1}, {1, 1}, {1.3, 2}, {2.2, 2.5}, {3, 5}, {80e6, 100e6}, {0, 1}, {math.NaN(), 1},
	}
	for _, tt := range tests {
		if got := niceStep(tt.raw); got != tt.want {
			t.Errorf("niceStep(%v) = %v, want %v", tt.raw, got, tt.want)
		}
	}
}

// TestChart checks what a trajectory chart draws: the plan through the
// baseline and both milestones, every actual with the revised one marked
// and its earlier value, the forecast to the deadline inside its band,
// today, and year ticks.
func TestChart(t *testing.T) {
	ind := &indicators.Indicator{ID: "x", Kind: indicators.KindLevel, Unit: "count", Direction: indicators.Increase,
		Baseline: indicators.Anchor{Value: 0, Date: day("2023-01-01")},
		Milestones: []indicators.Milestone{{Value: ptr(100), Deadline: day("2024-12-31"), DeadlineText: "fin 2024"},
			{Value: ptr(200), Deadline: day("2026-12-31"), DeadlineText: "fin 2026"}}}
	var pts []chartPoint
	var raw []indicators.Point
	for i, m := range []string{"2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"} {
		p := indicators.Point{Time: day(m), Value: float64(60 + 12*i)}
		raw = append(raw, p)
		pts = append(pts, chartPoint{Point: p, Note: m})
	}
	pts[2].Revised, pts[2].Old = true, []float64{50}
	now := day("2025-06-30")
	e := indicators.Evaluate(ind, raw, now)
	c := drawChart(&lang{Code: "en"}, chartInput{id: "c", title: "x", ind: ind, eval: e, now: now, points: pts, judged: true})
	if !strings.HasPrefix(c.Plan, "M") || strings.Count(c.Plan, "L") < 100 {
		t.Errorf("plan path = %.80q, want a dense path", c.Plan)
	}
	if len(c.Milestones) != 2 || len(c.Deadlines) != 2 || c.Deadlines[1].Label != "fin 2026" || c.Baseline == nil {
		t.Errorf("milestones %d, deadlines %v, baseline %v", len(c.Milestones), c.Deadlines, c.Baseline)
	}
	if len(c.Points) != 5 || !c.Points[2].Revised || len(c.Points[2].Old) != 1 || c.Points[2].Old[0] <= c.Points[2].Y {
		t.Errorf("points = %+v, want 5 with the third revised from a lower value", c.Points)
	}
	if c.Forecast == nil || c.Band == "" || c.Forecast.X2 != c.Milestones[1].X {
		t.Errorf("forecast = %+v band %q, want one ending on the 2026 deadline", c.Forecast, c.Band)
	}
	if c.Today == nil || c.Today.X <= c.Points[4].X {
		t.Errorf("today = %+v, want after the latest point", c.Today)
	}
	var years []string
	for _, tk := range c.XTicks {
		years = append(years, tk.Label)
	}
	if got := strings.Join(years, " "); got != "2023 2024 2025 2026 2027" {
		t.Errorf("x ticks = %s", got)
	}
	for _, p := range c.Points {
		if p.X < c.Left || p.X > c.Right || p.Y < c.Top || p.Y > c.Bottom {
			t.Errorf("point %+v outside the plot", p)
		}
	}
	if e.Forecast != nil && (c.y(frameOf(chartInput{ind: ind, eval: e, now: now, points: pts, judged: true}), e.Forecast.High) < c.Top) {
		t.Errorf("forecast band leaves the plot")
	}
}
