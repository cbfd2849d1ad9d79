package api

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/wire"
)

// TestViewEvaluationPace: the JSON view gives the pace towards the next
// target, the recent one null when a single figure shows no pace.
func TestViewEvaluationPace(t *testing.T) {
	v400 := 400.0
	ind := &indicators.Indicator{ID: "docs", Kind: indicators.KindLevel, Unit: "count", Direction: indicators.Increase,
		Cadence: 30 * 24 * time.Hour, Baseline: indicators.Anchor{Value: 100, Date: planDay("2022-12-31")},
		Milestones: []indicators.Milestone{{Value: &v400, Deadline: planDay("2026-12-31"), DeadlineText: "fin 2026"}}}
	pts := []indicators.Point{
		{Time: planDay("2025-01-31"), Value: 200}, {Time: planDay("2025-03-31"), Value: 220},
		{Time: planDay("2025-05-31"), Value: 240},
	}
	month := 365.25 / 12 * 24 * float64(time.Hour)
	tests := []struct {
		name         string
		pts          []indicators.Point
		required     float64
		recent, from string
	}{
		{"three figures", pts, 160 / (float64(planDay("2026-12-31").Sub(planDay("2025-05-31"))) / month),
			`"recent_per_month":` + jsonNumber(40/(float64(planDay("2025-05-31").Sub(planDay("2025-01-31")))/month)),
			`"recent_from":"2025-01-31T00:00:00Z"`},
		{"one figure", pts[2:], 160 / (float64(planDay("2026-12-31").Sub(planDay("2025-05-31"))) / month),
			`"recent_per_month":null`, `"recent_from":null`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := evaluator.Result{Eval: indicators.Evaluate(ind, tc.pts, planDay("2025-06-30"))}
			v := viewEvaluation(ind, r)
			if v.Pace == nil || v.Pace.RequiredPerMonth == nil {
				t.Fatalf("viewEvaluation(%s).Pace = %+v, want a required pace", tc.name, v.Pace)
			}
			if got := *v.Pace.RequiredPerMonth; math.Abs(got-tc.required) > 1e-9 {
				t.Errorf("required_per_month = %v, want %v", got, tc.required)
			}
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{tc.recent, tc.from, `"target":{"value":400,"deadline":"2026-12-31","deadline_text":"fin 2026"}`} {
				if !strings.Contains(string(b), want) {
					t.Errorf("viewEvaluation = %s, want %s", b, want)
				}
			}
		})
	}
}

// TestViewEvaluationNoPace: a target whose deadline has passed leaves no
// pace to show, and the JSON says nothing of one.
func TestViewEvaluationNoPace(t *testing.T) {
	v400 := 400.0
	ind := &indicators.Indicator{ID: "docs", Kind: indicators.KindLevel, Unit: "count", Direction: indicators.Increase,
		Cadence: 30 * 24 * time.Hour, Baseline: indicators.Anchor{Value: 100, Date: planDay("2022-12-31")},
		Milestones: []indicators.Milestone{{Value: &v400, Deadline: planDay("2024-12-31")}}}
	pts := []indicators.Point{{Time: planDay("2024-11-30"), Value: 200}}
	b, err := json.Marshal(viewEvaluation(ind, evaluator.Result{Eval: indicators.Evaluate(ind, pts, planDay("2025-06-30"))}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"pace"`) {
		t.Errorf("viewEvaluation = %s, want no pace", b)
	}
}

func jsonNumber(v float64) string {
	b, _ := json.Marshal(wire.Number(v))
	return string(b)
}
