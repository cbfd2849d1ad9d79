package alerting

import (
	"math"

	"github.com/jalonhq/jalon/indicators"
)

// The conditions of the built-in rules on an evaluation (builtin.go).

// The built-in thresholds.
const (
	defaultProbability = 0.3 // below it, the delivery confidence is red
	defaultFailures    = 3   // consecutive failed runs of a puller
)

func statusIs(st indicators.Status) func(*indicators.Indicator, *indicators.Evaluation, *settings) (int, bool) {
	return func(_ *indicators.Indicator, e *indicators.Evaluation, _ *settings) (int, bool) {
		return -1, e.Status == st
	}
}

// forecastMisses: the probability of meeting the current target (or the
// next, once the target's deadline has passed) is below the threshold,
// while the target is still open and the data fresh (a stale trend says
// nothing; a decided target has its own rule).
func forecastMisses(ind *indicators.Indicator, e *indicators.Evaluation, s *settings) (int, bool) {
	switch e.Status {
	case indicators.StatusAchieved, indicators.StatusMissed, indicators.StatusUnverified, indicators.StatusStale, indicators.StatusNoData:
		return -1, false
	}
	k := forecastMilestone(ind, e)
	return k, k >= 0 && !math.IsNaN(e.Probability) && e.Probability < s.probability
}

// forecastMilestone is the milestone the forecast and its probability are
// about: the current target, or the next one once the target's deadline has
// passed while its figure is awaited; -1 without a forecast.
func forecastMilestone(ind *indicators.Indicator, e *indicators.Evaluation) int {
	if e.Forecast == nil || e.Target < 0 {
		return e.Target
	}
	for k := e.Target; k < len(ind.Milestones); k++ {
		if ind.Milestones[k].Deadline.Equal(e.Forecast.At) {
			return k
		}
	}
	return e.Target
}

// deadlineMissed: a quantified milestone's deadline passed short of it, on
// evidence (a figure near the deadline, docs/trajectory.md §3): the last
// milestone (status missed) or an intermediate one (LastMissed), which would
// otherwise show nowhere once the next milestone is the target.
func deadlineMissed(ind *indicators.Indicator, e *indicators.Evaluation, _ *settings) (int, bool) {
	if ind.Kind == indicators.KindMilestone || e.Latest == nil || e.LastMissed < 0 {
		return -1, false
	}
	return e.LastMissed, true
}

// deadlineUnverified: a quantified milestone's deadline passed and no figure
// near it says whether it was met. Nobody is to be woken for what Jalon does
// not know, hence a warning: someone should find the figure.
func deadlineUnverified(ind *indicators.Indicator, e *indicators.Evaluation, _ *settings) (int, bool) {
	if ind.Kind == indicators.KindMilestone || e.Latest == nil || e.LastUnverified < 0 {
		return -1, false
	}
	return e.LastUnverified, true
}

// milestoneOverdue: a dated launch or publication (a milestone indicator)
// is not done and its deadline has passed, whether or not the miss is
// settled yet.
func milestoneOverdue(ind *indicators.Indicator, e *indicators.Evaluation, _ *settings) (int, bool) {
	if ind.Kind != indicators.KindMilestone || e.Latest == nil || e.Done {
		return -1, false
	}
	k := e.Target
	if k < 0 || !e.Now.After(ind.Milestones[k].Deadline) {
		k = e.LastMissed
	}
	return k, k >= 0
}
