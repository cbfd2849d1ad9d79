package indicators

import (
	"math"
	"slices"
	"time"
)

// inputCumulative is the input of a series published as a running total
// since a start (InputCumulative).
const inputCumulative Input = "cumulative"

// outcome is what became of one milestone.
type outcome int

const (
	pending outcome = iota
	achieved
	missed
	// unverified: the deadline has passed and no figure shows whether the
	// milestone was met: Jalon does not know, and says so rather than call
	// it missed.
	unverified
)

// decided reports whether the milestone's outcome is settled, so that the
// next milestone becomes the target.
func (o outcome) decided() bool { return o != pending }

// sign is +1 for an increasing indicator and −1 for a decreasing one:
// multiplying by it turns "better" into "greater" for either direction.
func (ind *Indicator) sign() float64 {
	if ind.Direction == Decrease {
		return -1
	}
	return 1
}

// targets is where a series stands against its milestones.
type targets struct {
	k              int     // the current milestone, -1 for none
	o              outcome // what became of it
	lastMissed     int     // the latest milestone missed on evidence, -1 for none
	lastUnverified int     // the latest milestone passed without evidence, -1 for none
}

// currentTarget returns the first milestone still pending, or the last one
// once all are decided, with its outcome, and the latest milestones missed
// and unverified. A milestone is achieved when an actual dated at or before
// its deadline reached it. Deadlines are in order, so one pass keeps the
// best actual seen up to each deadline.
func (ind *Indicator) currentTarget(pts []Point, now time.Time) targets {
	s, best, i := ind.sign(), math.Inf(-1), 0
	t := targets{k: -1, lastMissed: -1, lastUnverified: -1}
	for k, m := range ind.Milestones {
		for ; i < len(pts) && !pts[i].Time.After(m.Deadline); i++ {
			if v := s * pts[i].Value; v > best && ind.canProveMet(pts[i]) { // a NaN never counts
				best = v
			}
		}
		t.k, t.o = k, ind.outcome(k, best, pts, i, now)
		switch t.o {
		case missed:
			t.lastMissed = k
		case unverified:
			t.lastUnverified = k
		}
		if !t.o.decided() {
			return t
		}
	}
	return t
}

// outcome decides milestone k given the best oriented actual up to its
// deadline and the index i of the first point after it. A passed deadline
// is decided only once the evidence could be in: an actual dated on or after
// the deadline, or the stale window after the deadline gone by — figures
// arrive late, and the figure of the deadline itself may still be on its
// way. It is then missed only on evidence (missEvidence), and unverified
// otherwise.
func (ind *Indicator) outcome(k int, best float64, pts []Point, i int, now time.Time) outcome {
	d := ind.Milestones[k].Deadline
	switch {
	case best >= ind.sign()*ind.TargetValue(k):
		return achieved
	case !now.After(d):
		return pending
	case (len(pts) == 0 || pts[len(pts)-1].Time.Before(d)) && now.Sub(d) <= ind.staleWindow():
		return pending
	case ind.missEvidence(k, pts, i):
		return missed
	}
	return unverified
}

// missEvidence reports whether the points prove milestone k was not met by
// its deadline: a figure short of it dated within the evidence window before
// the deadline (a lower bound short of it proves nothing, nor does an upper
// bound above it), or a later figure still short of it on a
// series that cannot move back (neverRecedes). A figure years before the
// deadline proves nothing about the deadline, and neither does a later one
// of a series that may have dipped since.
func (ind *Indicator) missEvidence(k int, pts []Point, i int) bool {
	d, target := ind.Milestones[k].Deadline, ind.sign()*ind.TargetValue(k)
	short := func(p Point) bool { return ind.sign()*p.Value < target && ind.canProveShort(p) }
	for j := i - 1; j >= 0 && !pts[j].Time.Before(d.Add(-ind.evidenceWindow())); j-- {
		if short(pts[j]) {
			return true
		}
	}
	return ind.neverRecedes() && slices.ContainsFunc(pts[i:], short)
}

// evidenceWindow is how long before a deadline a figure still tells how
// the series stood at it: the stale window, the time after which the
// indicator's own figures no longer say where it stands; a year for an
// indicator without a cadence, the roadmap's figures being yearly at least.
func (ind *Indicator) evidenceWindow() time.Duration {
	if w := ind.staleWindow(); w > 0 {
		return w
	}
	return year
}

// neverRecedes reports whether the judged series cannot move away from its
// targets, so that a figure after a deadline still short of the milestone
// proves it was short at the deadline: a done/not-done milestone (a launch
// is not undone) and a level declared cumulative (a running total since a
// start), the hook for input = "cumulative", on an increasing indicator.
// Other series may have dipped after the deadline and proved nothing.
func (ind *Indicator) neverRecedes() bool {
	if ind.Kind == KindMilestone {
		return true
	}
	return ind.Kind == KindLevel && ind.Input == InputCumulative && ind.Direction != Decrease
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

// MilestoneState is what became of one milestone, for pages and reports.
type MilestoneState string

// The milestone states.
const (
	MilestonePending    MilestoneState = "pending"
	MilestoneAchieved   MilestoneState = "achieved"
	MilestoneMissed     MilestoneState = "missed"
	MilestoneUnverified MilestoneState = "unverified"
)

// MilestoneStates returns the state of each milestone given the series as
// judged (Actuals) at now, by the rules of Evaluate: the first pending
// milestone and all after it are pending.
func (ind *Indicator) MilestoneStates(actuals []Point, now time.Time) []MilestoneState {
	pts := untilNow(actuals, now)
	s, best, i := ind.sign(), math.Inf(-1), 0
	out := make([]MilestoneState, len(ind.Milestones))
	for k, m := range ind.Milestones {
		for ; i < len(pts) && !pts[i].Time.After(m.Deadline); i++ {
			if v := s * pts[i].Value; v > best && ind.canProveMet(pts[i]) {
				best = v
			}
		}
		o := pending
		if k == 0 || out[k-1] != MilestonePending {
			o = ind.outcome(k, best, pts, i, now)
		}
		out[k] = [...]MilestoneState{MilestonePending, MilestoneAchieved, MilestoneMissed, MilestoneUnverified}[o]
	}
	return out
}
