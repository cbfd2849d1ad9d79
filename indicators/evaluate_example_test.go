package indicators_test

import (
	"fmt"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Objective 4-1 of the roadmap asks that 100 % of establishments have
// carried out awareness actions by the end of 2026. Three yearly figures,
// judged at the end of June 2025: at risk, behind a straight line from 0 %
// at the start of 2023, and forecast short of the target.
func ExampleEvaluate() {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	target := 100.0
	ind := &indicators.Indicator{ID: "establishments_awareness_actions_share", Objective: "4-1",
		Kind: indicators.KindLevel, Unit: "percent", Direction: indicators.Increase, Cadence: 365 * 24 * time.Hour,
		Baseline:   indicators.Anchor{Value: 0, Date: day("2023-01-01")},
		Milestones: []indicators.Milestone{{Value: &target, Deadline: day("2026-12-31"), DeadlineText: "fin 2026"}}}
	points := []indicators.Point{
		{Time: day("2023-07-01"), Value: 8},
		{Time: day("2024-06-30"), Value: 30},
		{Time: day("2025-06-30"), Value: 50},
	}
	ev := indicators.Evaluate(ind, points, day("2025-06-30"))
	fmt.Printf("status %s: %.0f %% against %.1f %% planned\n", ev.Status, ev.Latest.Value, ev.PlannedAtLatest)
	fmt.Printf("forecast for %s: %.0f %%\n", ev.Forecast.At.Format(time.DateOnly), ev.Forecast.Value)
	// Output:
	// status at_risk: 50 % against 62.4 % planned
	// forecast for 2026-12-31: 82 %
}
