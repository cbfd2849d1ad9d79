package indicators

import (
	"math"
	"time"
)

// outcome is what became of one milestone.
type outcome int

const (
	pending outcome = iota
	achieved
	missed
)

// sign is +1 for an increasing indicator and −1 for a decreasing one:
// multiplying by it turns "better" into "greater" for either direction.
func (ind *Indicator) sign() float64 {
	if ind.Direction == Decrease {
		return -1
	}
	return 1
}

// currentTarget returns the index of the first milestone neither achieved nor
// missed, or of the last one once all are decided, with its outcome, and the
// index of the latest missed milestone; −1 for none. A milestone is achieved
// when an actual dated at or before its deadline reached it. Deadlines are in
// order, so one pass keeps the best actual seen up to each deadline.
func (ind *Indicator) currentTarget(pts []Point, now time.Time) (k int, o outcome, lastMissed int) {
	s, best, i := ind.sign(), math.Inf(-1), 0
	lastMissed = -1
	for k, m := range ind.Milestones {
		for ; i < len(pts) && !pts[i].Time.After(m.Deadline); i++ {
			if v := s * pts[i].Value; v > best { // a NaN never counts
				best = v
			}
		}
		if o = ind.outcome(k, best, pts, now); o == missed {
			lastMissed = k
		}
		if o == pending || k == len(ind.Milestones)-1 {
			return k, o, lastMissed
		}
	}
	return -1, pending, -1
}

// outcome decides milestone k given the best oriented actual up to its
// deadline. A passed deadline counts as missed only once the evidence is in:
// an actual dated on or after the deadline, or the stale window after the
// deadline gone by — figures arrive late, and the figure of the deadline
// itself may still be on its way.
func (ind *Indicator) outcome(k int, best float64, pts []Point, now time.Time) outcome {
	d := ind.Milestones[k].Deadline
	switch {
	case best >= ind.sign()*ind.TargetValue(k):
		return achieved
	case !now.After(d):
		return pending
	case len(pts) > 0 && !pts[len(pts)-1].Time.Before(d):
		return missed
	case now.Sub(d) > ind.staleWindow():
		return missed
	}
	return pending
}

// targetSpan returns the anchor before milestone k (the baseline or the
// previous milestone) and milestone k itself; both are the baseline if k < 0.
func (ind *Indicator) targetSpan(k int) (from, to Anchor) {
	from = Anchor{Value: ind.baselineValue(), Date: ind.Baseline.Date}
	if k < 0 {
		return from, from
	}
	if k > 0 {
		from = Anchor{Value: ind.TargetValue(k - 1), Date: ind.Milestones[k-1].Deadline}
	}
	return from, Anchor{Value: ind.TargetValue(k), Date: ind.Milestones[k].Deadline}
}

// gap is how far actual is from planned as a share of the planned change
// between the current anchors, negative when behind whatever the direction;
// NaN without a target.
func (ind *Indicator) gap(k int, actual, planned float64) float64 {
	if k < 0 {
		return math.NaN()
	}
	return ind.sign() * (actual - planned) / ind.gapScale(k)
}

// gapScale is the planned change toward milestone k. A flat segment (a target
// equal to the previous anchor, "keep it at 90 %") has none, so the target's
// own size is used, or 1 for a target of 0: the gap is then relative.
func (ind *Indicator) gapScale(k int) float64 {
	from, to := ind.targetSpan(k)
	if c := math.Abs(to.Value - from.Value); c > 0 {
		return c
	}
	if c := math.Abs(to.Value); c > 0 {
		return c
	}
	return 1
}

// progress is the share of the way from the baseline to milestone k covered
// by actual; with a target equal to the baseline it is 1 if the actual meets
// it and 0 otherwise.
func (ind *Indicator) progress(k int, actual float64) float64 {
	if k < 0 {
		return math.NaN()
	}
	base, target := ind.baselineValue(), ind.TargetValue(k)
	if target == base {
		if ind.sign()*actual >= ind.sign()*target {
			return 1
		}
		return 0
	}
	return (actual - base) / (target - base)
}
