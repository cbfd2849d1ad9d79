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
	pace     Pace
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
	t := ind.currentTarget(pts, now)
	ev.Target, ev.LastMissed, ev.LastUnverified = t.k, t.lastMissed, t.lastUnverified
	if len(pts) > 0 {
		e.judge(&ev, ind, pts, t.o)
	}
	return ev
}

// judge fills the fields that need at least one actual.
func (e *Evaluator) judge(ev *Evaluation, ind *Indicator, pts []Point, o outcome) {
	res := &results{latest: pts[len(pts)-1]}
	last, k := res.latest, ev.Target
	ev.Latest = &res.latest
	ev.PlannedAtLatest = ind.plannedFor(last)
	ev.Gap = ind.gap(k, last.Value, ev.PlannedAtLatest)
	ev.Progress = ind.progress(k, last.Value)
	ev.Done = ind.Kind == KindMilestone && last.Value >= 1
	ev.Status = ind.status(k, o, last, ev.Gap, ev.Now)
	if ev.Status == StatusStale {
		ev.LastJudged = ind.trajectoryStatus(k, ev.Gap, ev.Now)
	}
	fc := e.forecast(ind, pts, k, ev.Now)
	if fc.ok {
		res.forecast, ev.Forecast = fc.f, &res.forecast
	}
	ev.NoForecast = fc.none
	if p, ok := ind.pace(pts, k, ev.Now); ok {
		res.pace, ev.Pace = p, &res.pace
	}
	ev.Probability = odds(o, fc.p)
	ev.Confidence = ConfidenceOf(ev.Status, ev.Probability)
	if fc.none.Insufficient() && ev.Confidence == ConfidenceUnknown {
		ev.Confidence = ConfidenceInsufficient
	}
}

// odds returns the probability of meeting the current target: a decided
// target needs no forecast to know it, and an unverified one cannot be
// known.
func odds(o outcome, forecast float64) float64 {
	switch o {
	case achieved:
		return 1
	case missed:
		return 0
	case unverified:
		return math.NaN()
	}
	return forecast
}

// forecasted is the outcome of a forecast attempt: the forecast and its
// probability when ok, otherwise why not.
type forecasted struct {
	f    Forecast
	p    float64
	ok   bool
	none NoForecast
}

// forecast extrapolates the recent trend to the deadline of the first
// milestone from k on that is still ahead of now (a forecast for a passed
// deadline would predict what is already past), and returns the probability
// of meeting it. There is none without a target or a deadline ahead, nor on
// too little data (sufficient).
func (e *Evaluator) forecast(ind *Indicator, pts []Point, k int, now time.Time) forecasted {
	fc := forecasted{p: math.NaN()}
	if k < 0 {
		return fc
	}
	j := ind.nextDeadline(k, now)
	if j < 0 {
		fc.none = NoForecast{Reason: NoDeadlineAhead, Deadline: ind.Milestones[len(ind.Milestones)-1].Deadline}
		return fc
	}
	n := e.fit.load(pts, ind.Kind == KindMilestone)
	if n == 0 {
		fc.none = NoForecast{Reason: NoPartialProgress}
		return fc
	}
	at := ind.Milestones[j].Deadline
	if fc.none = e.fit.sufficient(n, pts[len(pts)-1].Time, at); fc.none.Reason != "" {
		return fc
	}
	v, se := e.fit.fit(n).at(float64(at.Sub(pts[len(pts)-1].Time)) / float64(day))
	w := tQuantile90(n-2) * se
	fc.f, fc.ok = Forecast{At: at, Value: v, Low: v - w, High: v + w, SE: se, DF: n - 2}, true
	fc.p = meetProbability(ind.sign()*(v-ind.TargetValue(j)), se, n-2)
	return fc
}

// nextDeadline returns the first milestone from k on whose deadline is
// after now, -1 if none.
func (ind *Indicator) nextDeadline(k int, now time.Time) int {
	for j := k; j < len(ind.Milestones); j++ {
		if ind.Milestones[j].Deadline.After(now) {
			return j
		}
	}
	return -1
}

// actuals returns the series the plan is compared with, in e's scratch space
// for a count-input indicator.
func (e *Evaluator) actuals(ind *Indicator, pts []Point) []Point {
	if !ind.derivedRate() {
		return pts
	}
	e.rates = ind.rates(e.rates[:0], pts)
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
