package pages

import (
	"math"
	"slices"

	"github.com/jalonhq/jalon/indicators"
)

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
	case indicators.StatusUnverified:
		x.say("The deadline has passed and no figure near it shows whether the target was met: the status is %s.", st)
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
	case indicators.StatusAchieved, indicators.StatusMissed, indicators.StatusUnverified, indicators.StatusStale:
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
	case indicators.StatusUnverified:
		x.say("Whether the target was met is unknown, and so is the probability: the delivery confidence is %s.", conf)
		return
	}
	f := e.Forecast
	if f == nil {
		x.say("There is no forecast: %s. The delivery confidence is %s.", e.NoForecast.String(), conf)
		return
	}
	if !f.At.Equal(x.ind.Milestones[k].Deadline) {
		k = slices.IndexFunc(x.ind.Milestones, func(m indicators.Milestone) bool { return m.Deadline.Equal(f.At) })
		target = x.ind.TargetValue(k)
		x.say("The current target's deadline has passed while its figure is awaited: the forecast aims at the next milestone, %s by %s.", nf.Value(target), dayText(f.At))
	}
	se := f.SE
	x.say("The trend of the recent actuals (the last 12 at most, within two years; the median of the slopes between every pair, which one odd figure cannot swing) gives %s on %s, the target's deadline, %d days after the latest actual. The 80%% prediction interval runs from %s to %s (standard error %s, times %s, the 90th percentile of Student's t law on %d degrees of freedom).",
		nf.Exact(f.Value), dayText(f.At), wholeDays(f.At.Sub(e.Latest.Time)), nf.Exact(f.Low), nf.Exact(f.High), nf.Bare(se),
		nf.Bare((f.High-f.Value)/se), f.DF)
	switch {
	case se == 0:
		x.say("With no spread around the trend, the probability of reaching %s is %s.", nf.Value(target), l.ratio(e.Probability))
	case directionSign(x.ind) < 0:
		x.say("With the error following the same t law, the probability of reaching %s or less is P = T%d((%s − %s) / %s) %s.",
			nf.Value(target), f.DF, nf.Bare(target), nf.Bare(f.Value), nf.Bare(se), l.probIs(e.Probability))
	default:
		x.say("With the error following the same t law, the probability of reaching %s or more is P = T%d((%s − %s) / %s) %s.",
			nf.Value(target), f.DF, nf.Bare(f.Value), nf.Bare(target), nf.Bare(se), l.probIs(e.Probability))
	}
	x.say(confidenceRule[e.Confidence], conf, l.confidenceMeaning(e.Confidence))
}

// confidenceRule states the cut of docs/trajectory.md §6 that applies.
var confidenceRule = map[indicators.Confidence]string{
	indicators.ConfidenceGreen:        "P ≥ 0.8: the delivery confidence is %s, %s.",
	indicators.ConfidenceAmberGreen:   "0.6 ≤ P < 0.8: the delivery confidence is %s, %s.",
	indicators.ConfidenceAmberRed:     "0.3 ≤ P < 0.6: the delivery confidence is %s, %s.",
	indicators.ConfidenceRed:          "P < 0.3: the delivery confidence is %s, %s.",
	indicators.ConfidenceUnknown:      "The delivery confidence is %s: %s.",
	indicators.ConfidenceInsufficient: "The delivery confidence is %s: %s.",
}
