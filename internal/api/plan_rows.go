package api

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/wire"
)

func newPlanResponse(def *indicators.Indicator, res evaluator.Result, q planQuery) wire.Plan {
	target := def
	if len(res.Labels) > 0 && def.Additive() {
		// A part of an additive national figure is not judged against the
		// national target: it has no plan, as in /metrics.
		target = def.Breakdown()
	}
	rows, step := plannedRows(target, q)
	e := res.Eval
	return wire.Plan{
		Indicator: def.ID, Objective: def.Objective, Unit: def.Unit, Labels: res.Labels.Map(),
		Status: string(e.Status), Confidence: string(e.Confidence), Probability: wire.Number(e.Probability),
		StepSeconds: step.Seconds(), Planned: rows, Forecast: forecastRows(e),
		Milestones: milestoneRows(target), Annotations: annotationRows(target),
	}
}

// plannedRows samples the plan every step across its window, with a row at
// each anchor (baseline, plan point, deadline) so that the path bends where
// the plan does. It returns the step used: widened when the rows would be
// more than maxPlanRows.
func plannedRows(ind *indicators.Indicator, q planQuery) ([]wire.PlanRow, time.Duration) {
	lo, hi, ok := planWindow(ind, q)
	if !ok {
		return []wire.PlanRow{}, q.step
	}
	times := anchorTimes(ind, lo, hi)
	step := widen(q.step, hi.Sub(lo), maxPlanRows-len(times))
	for t := lo; t.Before(hi); t = t.Add(step) {
		times = append(times, t)
	}
	times = append(times, hi)
	slices.SortFunc(times, time.Time.Compare)
	times = slices.CompactFunc(times, time.Time.Equal)
	rows := make([]wire.PlanRow, len(times))
	for i, t := range times {
		rows[i] = wire.PlanRow{Time: t.UTC(), Value: ind.Planned(t)}
	}
	return rows, step
}

// planWindow is the part of [baseline, last deadline] within [from, to];
// false when they do not meet or the indicator has no target.
func planWindow(ind *indicators.Indicator, q planQuery) (lo, hi time.Time, ok bool) {
	if len(ind.Milestones) == 0 {
		return lo, hi, false
	}
	lo, hi = ind.Baseline.Date, ind.Milestones[len(ind.Milestones)-1].Deadline
	if q.from.After(lo) {
		lo = q.from
	}
	if !q.to.IsZero() && q.to.Before(hi) {
		hi = q.to
	}
	return lo, hi, !lo.After(hi)
}

func anchorTimes(ind *indicators.Indicator, lo, hi time.Time) []time.Time {
	all := []time.Time{ind.Baseline.Date}
	for _, p := range ind.Plan {
		all = append(all, p.Date)
	}
	for _, m := range ind.Milestones {
		all = append(all, m.Deadline)
	}
	return slices.DeleteFunc(all, func(t time.Time) bool { return t.Before(lo) || t.After(hi) })
}

// widen returns step, or the smallest step that samples span in at most
// rows rows (both ends included).
func widen(step, span time.Duration, rows int) time.Duration {
	gaps := time.Duration(max(rows, 2) - 1)
	return max(step, (span+gaps-1)/gaps)
}

// forecastRows draws the forecast as a straight line, with its interval,
// from the latest actual to the current target's deadline.
func forecastRows(e indicators.Evaluation) []wire.ForecastRow {
	l, f := e.Latest, e.Forecast
	if l == nil || f == nil || !allFinite(l.Value, f.Value, f.Low, f.High) {
		return []wire.ForecastRow{}
	}
	return []wire.ForecastRow{
		{Time: l.Time.UTC(), Value: l.Value, Low: l.Value, High: l.Value},
		{Time: f.At.UTC(), Value: f.Value, Low: f.Low, High: f.High},
	}
}

func milestoneRows(ind *indicators.Indicator) []wire.MilestoneRow {
	rows := make([]wire.MilestoneRow, len(ind.Milestones))
	for i, m := range ind.Milestones {
		rows[i] = wire.MilestoneRow{Time: m.Deadline.UTC(), Value: ind.TargetValue(i), Quantified: m.Quantified(),
			Deadline: m.Deadline.Format(time.DateOnly), DeadlineText: m.DeadlineText}
	}
	return rows
}

func annotationRows(ind *indicators.Indicator) []wire.AnnotationRow {
	rows := make([]wire.AnnotationRow, len(ind.Milestones))
	for i, m := range ind.Milestones {
		goal, date, when := "done", m.Deadline.Format(time.DateOnly), m.DeadlineText
		if m.Quantified() {
			goal = strconv.FormatFloat(*m.Value, 'f', -1, 64) + " " + unitText(ind)
		}
		if when == "" {
			when = date
		}
		rows[i] = wire.AnnotationRow{
			Time:  m.Deadline.UTC(),
			Title: fmt.Sprintf("%s: %s by %s", ind.ID, goal, when),
			Text:  fmt.Sprintf("%s — objective %s, deadline %s", ind.Name, ind.Objective, date),
			Tags:  "jalon,milestone," + ind.Objective,
		}
	}
	return rows
}

func unitText(ind *indicators.Indicator) string {
	if ind.UnitLabel != "" {
		return ind.UnitLabel
	}
	return ind.Unit
}

// allFinite reports whether every v is a number JSON can carry.
func allFinite(vs ...float64) bool {
	for _, v := range vs {
		if wire.Number(v) == nil {
			return false
		}
	}
	return true
}
