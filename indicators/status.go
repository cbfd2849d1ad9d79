package indicators

import (
	"math"
	"time"
)

// The delivery-confidence thresholds on the probability of meeting the
// current target; see docs/trajectory.md.
const (
	greenFrom      = 0.8
	amberGreenFrom = 0.6
	amberRedFrom   = 0.3
)

// status applies the rules in order of precedence: a decided final target
// (achieved, then missed, then unverified) is a settled fact that no new figure changes, so it
// wins over stale data; stale data comes before the trajectory, which it
// would only judge on old figures.
func (ind *Indicator) status(k int, o outcome, latest Point, gap float64, now time.Time) Status {
	switch {
	case o == achieved:
		return StatusAchieved
	case o == missed:
		return StatusMissed
	case o == unverified:
		return StatusUnverified
	case ind.stale(latest.Time, now):
		return StatusStale
	}
	return ind.trajectoryStatus(k, gap, now)
}

// trajectoryStatus judges an open target by the latest figure's gap to the
// plan (by time alone for a done/not-done milestone); status applies it to
// fresh data, and a stale series keeps it as its last judgement.
func (ind *Indicator) trajectoryStatus(k int, gap float64, now time.Time) Status {
	switch {
	case k < 0:
		return StatusOnTrack // no target: only staleness is watched
	case ind.Kind == KindMilestone:
		return ind.milestoneStatus(k, now)
	}
	return ind.tolerance().classify(gap)
}

// staleWindow is StaleAfter × Cadence, 0 when the indicator has no cadence.
func (ind *Indicator) staleWindow() time.Duration {
	after := ind.StaleAfter
	if after <= 0 {
		after = DefaultStaleAfter
	}
	return time.Duration(after * float64(ind.Cadence))
}

// stale reports whether the latest point is older than the stale window.
func (ind *Indicator) stale(latest, now time.Time) bool {
	return ind.Cadence > 0 && now.Sub(latest) > ind.staleWindow()
}

// milestoneStatus judges a pending done/not-done milestone by time alone:
// at risk once the deadline is within the last quarter of the span from the
// previous anchor to the deadline, on track before.
func (ind *Indicator) milestoneStatus(k int, now time.Time) Status {
	from, to := ind.targetSpan(k)
	if !now.Before(to.Date.Add(-to.Date.Sub(from.Date) / 4)) {
		return StatusAtRisk
	}
	return StatusOnTrack
}

// tolerance returns the indicator's tolerance, each zero field replaced by
// the default.
func (ind *Indicator) tolerance() Tolerance {
	t := ind.Tolerance
	if t.AtRisk == 0 {
		t.AtRisk = DefaultTolerance.AtRisk
	}
	if t.OffTrack == 0 {
		t.OffTrack = DefaultTolerance.OffTrack
	}
	return t
}

// classify maps a gap to a trajectory status; being exactly at a tolerance
// is still within it.
func (t Tolerance) classify(gap float64) Status {
	switch {
	case gap < -t.OffTrack:
		return StatusOffTrack
	case gap < -t.AtRisk:
		return StatusAtRisk
	}
	return StatusOnTrack
}

// ConfidenceOf rates delivery confidence: an achieved target is green and a
// missed one red whatever the forecast; otherwise the probability p of
// meeting the target decides, unknown when p is NaN.
func ConfidenceOf(s Status, p float64) Confidence {
	switch {
	case s == StatusAchieved:
		return ConfidenceGreen
	case s == StatusMissed:
		return ConfidenceRed
	case s == StatusUnverified:
		return ConfidenceUnknown // nobody knows whether it was met
	case math.IsNaN(p):
		return ConfidenceUnknown
	case p >= greenFrom:
		return ConfidenceGreen
	case p >= amberGreenFrom:
		return ConfidenceAmberGreen
	case p >= amberRedFrom:
		return ConfidenceAmberRed
	}
	return ConfidenceRed
}
