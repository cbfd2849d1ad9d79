package indicators

import (
	"math"
	"time"
)

// sCurveSteepness sets how sharp the logistic S-curve is. With 10, about 1 %
// of a segment's change is planned in its first tenth of time, half by its
// middle and 99 % by the start of its last tenth.
const sCurveSteepness = 10.0

// Planned returns the planned value E(t). The plan runs from the baseline
// through each milestone (and, for ShapePlan, through the explicit plan
// points first), moving between two anchors by the indicator's shape. Before
// the baseline it is the baseline value; after the last anchor, the last
// value. For a milestone indicator the plan is progress: 0 at the baseline,
// 1 at each deadline, linear in between unless another shape is set.
func (ind *Indicator) Planned(t time.Time) float64 {
	s := ind.anchors()
	prev := s.at(0)
	for k := 1; k < s.len(); k++ {
		next := s.at(k)
		if t.After(prev.Date) && t.Before(next.Date) {
			return ind.between(prev, next, t)
		}
		if t.Before(next.Date) {
			return prev.Value
		}
		prev = next
	}
	return prev.Value
}

// TargetValue returns the value milestone i asks for: its Value, or 1 (done)
// for a done/not-done milestone.
func (ind *Indicator) TargetValue(i int) float64 {
	if v := ind.Milestones[i].Value; v != nil {
		return *v
	}
	return 1
}

// baselineValue is the baseline's value; a milestone indicator starts at 0
// progress whatever its baseline says.
func (ind *Indicator) baselineValue() float64 {
	if ind.Kind == KindMilestone {
		return 0
	}
	return ind.Baseline.Value
}

// between interpolates by shape between anchors a and b, for a.Date < t <
// b.Date. The result is clamped to the anchors' range so that rounding never
// takes the plan outside it.
func (ind *Indicator) between(a, b Anchor, t time.Time) float64 {
	u := float64(t.Sub(a.Date)) / float64(b.Date.Sub(a.Date))
	v := a.Value + (b.Value-a.Value)*ind.shapeAt(u)
	return math.Min(math.Max(v, math.Min(a.Value, b.Value)), math.Max(a.Value, b.Value))
}

// shapeAt maps the elapsed share u ∈ (0, 1) of a segment's time to the share
// of its change planned by then.
func (ind *Indicator) shapeAt(u float64) float64 {
	switch ind.Shape {
	case ShapeStep:
		return 0 // the milestone's value only applies from its deadline
	case ShapeSCurve:
		return logisticShare(u)
	}
	return u
}

// logisticShare is the logistic curve rescaled to pass through (0, 0) and
// (1, 1) exactly, so an S-curve meets both of its anchors.
func logisticShare(u float64) float64 {
	lo, hi := logistic(-sCurveSteepness/2), logistic(sCurveSteepness/2)
	f := (logistic(sCurveSteepness*(u-0.5)) - lo) / (hi - lo)
	return math.Min(math.Max(f, 0), 1)
}

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// anchors is the sequence of dated values the plan passes through: the
// baseline, the plan points (ShapePlan only), then the milestones that fall
// after the last plan point. It is a view: building it allocates nothing.
type anchors struct {
	ind   *Indicator
	plan  []Anchor
	first int // index of the first milestone used
}

func (ind *Indicator) anchors() anchors {
	s := anchors{ind: ind}
	if ind.Shape != ShapePlan || len(ind.Plan) == 0 {
		return s
	}
	s.plan = ind.Plan
	last := ind.Plan[len(ind.Plan)-1].Date
	for s.first < len(ind.Milestones) && !ind.Milestones[s.first].Deadline.After(last) {
		s.first++
	}
	return s
}

func (s anchors) len() int { return 1 + len(s.plan) + len(s.ind.Milestones) - s.first }

func (s anchors) at(k int) Anchor {
	switch {
	case k == 0:
		return Anchor{Value: s.ind.baselineValue(), Date: s.ind.Baseline.Date}
	case k <= len(s.plan):
		return s.plan[k-1]
	}
	m := k - 1 - len(s.plan) + s.first
	return Anchor{Value: s.ind.TargetValue(m), Date: s.ind.Milestones[m].Deadline}
}
