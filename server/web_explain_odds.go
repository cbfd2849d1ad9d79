package server

import (
	"math"

	"github.com/jalonhq/jalon/indicators"
)

// forecastIntervalZ is the normal quantile of the engine's 80 % interval: the
// interval is value ± forecastIntervalZ × se, so se is recovered from it.
const forecastIntervalZ = 1.2816

func (x *explainer) gap() {
	k, nf := x.e.Target, x.nf
	from, to, fromDate := plannedSpan(x.ind, k)
	scale := math.Abs(to - from)
	switch {
	case scale > 0:
		x.say("The planned change toward this target runs from %s on %s to %s: %s.", nf.Exact(from), dayText(fromDate), nf.Exact(to), nf.Exact(scale))
	case to != 0:
		scale = math.Abs(to)
		x.say("The target equals the previous anchor, so the gap is measured against the target's own size, %s.", nf.Exact(scale))
	default:
		scale = 1
		x.say("The target equals the previous anchor and is zero, so the gap is measured in the unit itself.")
	}
	formula := "gap = (%s − %s) / %s = %s"
	if directionSign(x.ind) < 0 {
		formula = "gap = −(%s − %s) / %s = %s, negated as this indicator must decrease"
	}
	x.say(formula, nf.Bare(x.e.Latest.Value), nf.Bare(x.e.PlannedAtLatest), nf.Bare(scale), x.l.precise(x.e.Gap))
	switch {
	case x.e.Gap < 0:
		x.say("The series is %s of the planned change behind plan.", x.l.ratio(-x.e.Gap))
	default:
		x.say("The series is %s of the planned change ahead of plan.", x.l.ratio(x.e.Gap))
	}
}

func (x *explainer) status() {
	tol := x.ind.Tolerance
	if tol.AtRisk == 0 {
		tol.AtRisk = indicators.DefaultTolerance.AtRisk
	}
	if tol.OffTrack == 0 {
		tol.OffTrack = indicators.DefaultTolerance.OffTrack
	}
	st := x.l.statusText(x.e.Status)
	switch x.e.Status {
	case indicators.StatusAchieved:
		x.say("A figure dated on or before the deadline reached the target: the status is %s, whatever later figures say.", st)
		return
	case indicators.StatusMissed:
		x.say("The deadline has passed short of the target: the status is %s.", st)
		return
	case indicators.StatusStale:
		x.freshness()
		return
	}
	x.say("The tolerances are %s behind for at risk and %s behind for off track (exactly at a tolerance is still within it): the status is %s.",
		x.l.ratio(tol.AtRisk), x.l.ratio(tol.OffTrack), st)
	x.freshness()
}

func (x *explainer) progress() {
	if notFinite(x.e.Progress) {
		return
	}
	nf, base, target := x.nf, x.ind.Planned(x.ind.Baseline.Date), x.ind.TargetValue(x.e.Target)
	if base == target {
		x.say("Progress is %s: the target equals the baseline, so it is met or not.", x.l.ratio(x.e.Progress))
		return
	}
	x.say("Progress from the baseline to the target: (%s − %s) / (%s − %s) = %s.",
		nf.Bare(x.e.Latest.Value), nf.Bare(base), nf.Bare(target), nf.Bare(base), x.l.ratio(x.e.Progress))
}

// milestone explains a done/not-done milestone, judged by time alone.
func (x *explainer) milestone() {
	k, st := x.e.Target, x.l.statusText(x.e.Status)
	x.say("The latest report, dated %s, says %s.", dayText(x.e.Latest.Time), x.nf.Value(x.e.Latest.Value))
	switch x.e.Status {
	case indicators.StatusAchieved, indicators.StatusMissed, indicators.StatusStale:
		x.status()
		return
	}
	from, to := x.ind.Baseline.Date, x.ind.Milestones[k].Deadline
	if k > 0 {
		from = x.ind.Milestones[k-1].Deadline
	}
	riskFrom := to.Add(-to.Sub(from) / 4)
	x.say("A milestone has no trajectory to be behind on: it is at risk once its deadline is within the last quarter of the time from %s to %s, that is from %s. The status is %s.",
		dayText(from), dayText(to), dayText(riskFrom), st)
}

// odds explains the forecast, the probability and the confidence.
func (x *explainer) odds() {
	e, nf, l := x.e, x.nf, x.l
	k := e.Target
	target := x.ind.TargetValue(k)
	conf := l.confidenceText(e.Confidence)
	switch e.Status {
	case indicators.StatusAchieved, indicators.StatusMissed:
		x.say("The target is decided: the probability is %s and the delivery confidence %s.", l.ratio(e.Probability), conf)
		return
	}
	f := e.Forecast
	if f == nil {
		x.say("There is no forecast: the recent actuals span fewer than two dates, or a milestone reports no partial progress. The delivery confidence is %s.", conf)
		return
	}
	se := (f.High - f.Value) / forecastIntervalZ
	x.say("The trend of the recent actuals (the last 12 at most, within two years; the median of the slopes between every pair, which one odd figure cannot swing) gives %s on %s, the target's deadline, %d days after the latest actual. The 80%% prediction interval runs from %s to %s (standard error %s).",
		nf.Exact(f.Value), dayText(f.At), wholeDays(f.At.Sub(e.Latest.Time)), nf.Exact(f.Low), nf.Exact(f.High), nf.Bare(se))
	switch {
	case se == 0:
		x.say("With no spread around the trend, the probability of reaching %s is %s.", nf.Value(target), l.ratio(e.Probability))
	case directionSign(x.ind) < 0:
		x.say("Treating the error as normal, the probability of reaching %s or less is P = Φ((%s − %s) / %s) %s.",
			nf.Value(target), nf.Bare(target), nf.Bare(f.Value), nf.Bare(se), l.probIs(e.Probability))
	default:
		x.say("Treating the error as normal, the probability of reaching %s or more is P = Φ((%s − %s) / %s) %s.",
			nf.Value(target), nf.Bare(f.Value), nf.Bare(target), nf.Bare(se), l.probIs(e.Probability))
	}
	x.say(confidenceRule[e.Confidence], conf, l.confidenceMeaning(e.Confidence))
}

// confidenceRule states the cut of docs/trajectory.md §6 that applies.
var confidenceRule = map[indicators.Confidence]string{
	indicators.ConfidenceGreen:      "P ≥ 0.8: the delivery confidence is %s, %s.",
	indicators.ConfidenceAmberGreen: "0.6 ≤ P < 0.8: the delivery confidence is %s, %s.",
	indicators.ConfidenceAmberRed:   "0.3 ≤ P < 0.6: the delivery confidence is %s, %s.",
	indicators.ConfidenceRed:        "P < 0.3: the delivery confidence is %s, %s.",
	indicators.ConfidenceUnknown:    "The delivery confidence is %s: %s.",
}

// milestoneReached reports whether milestone i was reached by an actual dated at or
// before its deadline, the engine's rule for "achieved".
func milestoneReached(ind *indicators.Indicator, i int, actuals []indicators.Point) bool {
	m, target, s := ind.Milestones[i], ind.TargetValue(i), directionSign(ind)
	for _, p := range actuals {
		if p.Time.After(m.Deadline) {
			break
		}
		if s*(p.Value-target) >= 0 {
			return true
		}
	}
	return false
}
