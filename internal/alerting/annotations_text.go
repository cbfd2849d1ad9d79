package alerting

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// actualText gives the latest figure against the plan at its own date:
// "212 million a year at 2024-03-31, plan 262 million a year".
func actualText(ind *indicators.Indicator, e *indicators.Evaluation) string {
	if e.Latest == nil {
		return ""
	}
	unit := ind.Unit
	if ind.Kind == indicators.KindMilestone {
		unit = "done"
	}
	s := fmt.Sprintf("%s at %s", formatValue(e.Latest.Value, unit), day(e.Latest.Time))
	if e.Target >= 0 && !math.IsNaN(e.PlannedAtLatest) {
		s += ", plan " + formatValue(e.PlannedAtLatest, unit)
	}
	return s
}

// forecastText gives the forecast against the current target: "forecast
// 301 million a year at 2026-12-31 against 400 million a year, probability 12 %".
func forecastText(ind *indicators.Indicator, e *indicators.Evaluation) string {
	f := e.Forecast
	if f == nil || e.Target < 0 || ind.Kind == indicators.KindMilestone {
		return ""
	}
	s := fmt.Sprintf("forecast %s at %s against %s", formatValue(f.Value, ind.Unit), day(f.At), targetText(ind, e.Target))
	if !math.IsNaN(e.Probability) {
		s += ", probability " + percent(e.Probability)
	}
	return s
}

// targetText gives milestone k's value, or "done" for a dated milestone.
func targetText(ind *indicators.Indicator, k int) string {
	if k < 0 || k >= len(ind.Milestones) || ind.Milestones[k].Value == nil {
		return "done"
	}
	return formatValue(*ind.Milestones[k].Value, ind.Unit)
}

// joinSentences joins the non-empty parts with "; " into one sentence,
// capitalised and ended with a full stop.
func joinSentences(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	s := strings.Join(kept, "; ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }
