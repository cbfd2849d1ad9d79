package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// TestViewEvaluationSparse: the JSON view says what the engine does not
// know — why there is no forecast, which milestone is unverified — and what
// a stale series was last judged.
func TestViewEvaluationSparse(t *testing.T) {
	v250, v400 := 250.0, 400.0
	ind := &indicators.Indicator{ID: "docs", Kind: indicators.KindLevel, Unit: "count", Direction: indicators.Increase,
		Cadence: 90 * 24 * time.Hour, Baseline: indicators.Anchor{Value: 100, Date: planDay("2022-12-31")},
		Milestones: []indicators.Milestone{
			{Value: &v250, Deadline: planDay("2023-12-31"), DeadlineText: "fin 2023"},
			{Value: &v400, Deadline: planDay("2026-12-31"), DeadlineText: "fin 2026"},
		}}
	pts := []indicators.Point{{Time: planDay("2024-06-30"), Value: 260}, {Time: planDay("2024-09-30"), Value: 270}}
	r := evaluator.Result{Eval: indicators.Evaluate(ind, pts, planDay("2025-06-30"))}
	b, err := json.Marshal(viewEvaluation(ind, r))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"status":"stale"`,
		`"no_forecast":{"reason":"too_few_figures","text":"2 figures in the two years to the latest: a forecast needs at least 3"}`,
		`"confidence":"insufficient_data"`,
		`"last_unverified":{"value":250,"deadline":"2023-12-31","deadline_text":"fin 2023"}`,
		`"last_judged":"at_risk"`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("viewEvaluation = %s, want %s", b, want)
		}
	}
	if strings.Contains(string(b), `"last_missed"`) {
		t.Errorf("viewEvaluation = %s, want no last_missed", b)
	}
}
