package indicators

import (
	"math"
	"sort"
	"time"
)

// Evaluator evaluates series one after another and reuses its scratch space,
// so that evaluating a whole catalog allocates one small object per series
// with data (what the Evaluation's Latest and Forecast point to). The zero
// value is ready to use. An Evaluator is not safe for concurrent use: give
// each goroutine its own.
type Evaluator struct {
	rates []Point // trailing rates of a count-input series
	fit   fitter
}

// Evaluate evaluates one series with a fresh Evaluator; see
// Evaluator.Evaluate.
func Evaluate(ind *Indicator, points []Point, now time.Time) Evaluation {
	var e Evaluator
	return e.Evaluate(ind, points, now)
}

// results holds what an Evaluation points to, allocated as one object.
type results struct {
	latest   Point
	forecast Forecast
}

// Evaluate evaluates the series points of ind at now. points must be sorted
// by time, one per time; points after now are ignored. With no data the
// status is no_data and PlannedAtLatest, Gap, Progress and Probability are
// NaN; docs/trajectory.md gives every rule.
func (e *Evaluator) Evaluate(ind *Indicator, points []Point, now time.Time) Evaluation {
	nan := math.NaN()
	ev := Evaluation{Now: now, Status: StatusNoData, PlannedNow: ind.Planned(now),
		PlannedAtLatest: nan, Gap: nan, Progress: nan, Probability: nan, Confidence: ConfidenceUnknown}
	pts := e.actuals(ind, untilNow(points, now))
	var o outcome
	ev.Target, o, ev.LastMissed = ind.currentTarget(pts, now)
	if len(pts) > 0 {
		e.judge(&ev, ind, pts, o)
	}
	return ev
}

// judge fills the fields that need at least one actual.
func (e *Evaluator) judge(ev *Evaluation, ind *Indicator, pts []Point, o outcome) {
	res := &results{latest: pts[len(pts)-1]}
	last, k := res.latest, ev.Target
	ev.Latest = &res.latest
	ev.PlannedAtLatest = ind.plannedFor(last.Time, pts[0].Time)
	ev.Gap = ind.gap(k, last.Value, ev.PlannedAtLatest)
	ev.Progress = ind.progress(k, last.Value)
	ev.Done = ind.Kind == KindMilestone && last.Value >= 1
	ev.Status = ind.status(k, o, last, ev.Gap, ev.Now)
	f, p, ok := e.forecast(ind, pts, k)
	if ok {
		res.forecast, ev.Forecast = f, &res.forecast
	}
	ev.Probability = odds(o, p)
	ev.Confidence = ConfidenceOf(ev.Status, ev.Probability)
}

// odds returns the probability of meeting the current target: a decided
// target needs no forecast to know it.
func odds(o outcome, forecast float64) float64 {
	switch o {
	case achieved:
		return 1
	case missed:
		return 0
	}
	return forecast
}

// forecast extrapolates the recent trend to milestone k's deadline and
// returns the probability of meeting it; false when there is no target or
// too little data.
func (e *Evaluator) forecast(ind *Indicator, pts []Point, k int) (Forecast, float64, bool) {
	if k < 0 {
		return Forecast{}, math.NaN(), false
	}
	n := e.fit.load(pts, ind.Kind == KindMilestone)
	if n < 2 {
		return Forecast{}, math.NaN(), false
	}
	at := ind.Milestones[k].Deadline
	v, se := e.fit.fit(n).at(float64(at.Sub(pts[len(pts)-1].Time)) / float64(day))
	f := Forecast{At: at, Value: v, Low: v - intervalZ*se, High: v + intervalZ*se}
	return f, meetProbability(ind.sign()*(v-ind.TargetValue(k)), se), true
}

// actuals returns the series the plan is compared with, in e's scratch space
// for a count-input indicator.
func (e *Evaluator) actuals(ind *Indicator, pts []Point) []Point {
	if !ind.countInput() {
		return pts
	}
	e.rates = trailingRates(e.rates[:0], pts, ind.countPeriod())
	return e.rates
}

// untilNow drops the points dated after now: a figure about the future is
// not yet an actual.
func untilNow(points []Point, now time.Time) []Point {
	if len(points) == 0 || !points[len(points)-1].Time.After(now) {
		return points // the usual case: nothing from the future
	}
	return points[:sort.Search(len(points), func(i int) bool { return points[i].Time.After(now) })]
}
