package alerting

import (
	"math"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// actual gives the latest figure against the plan at its own date:
// "212 million a year at 2024-03-31, plan 262 million a year".
func (t tr) actual(ind *indicators.Indicator, e *indicators.Evaluation) string {
	if e.Latest == nil {
		return ""
	}
	unit := ind.Unit
	if ind.Kind == indicators.KindMilestone {
		unit = "done"
	}
	s := t.f("%s at %s", t.value(e.Latest.Value, unit), day(e.Latest.Time))
	if e.Target >= 0 && !math.IsNaN(e.PlannedAtLatest) {
		s += t.f(", plan %s", t.value(e.PlannedAtLatest, unit))
	}
	return s
}

// forecast gives the forecast against the current target: "forecast
// 301 million a year at 2026-12-31 against 400 million a year, probability 12 %".
func (t tr) forecast(ind *indicators.Indicator, e *indicators.Evaluation) string {
	f := e.Forecast
	if f == nil || e.Target < 0 || ind.Kind == indicators.KindMilestone {
		return ""
	}
	s := t.f("forecast %s at %s against %s", t.value(f.Value, ind.Unit), day(f.At), t.target(ind, e.Target))
	if !math.IsNaN(e.Probability) {
		s += t.f(", probability %s", percent(e.Probability))
	}
	return s
}

// target gives milestone k's value, or "done" for a dated milestone.
func (t tr) target(ind *indicators.Indicator, k int) string {
	if k < 0 || k >= len(ind.Milestones) || ind.Milestones[k].Value == nil {
		return t.f("done")
	}
	return t.value(*ind.Milestones[k].Value, ind.Unit)
}

// join joins the non-empty parts with "; " into one sentence,
// capitalised and ended with a full stop.
func (t tr) join(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	s := strings.Join(kept, t.f("; "))
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }
