package config

import (
	"fmt"

	"github.com/jalonhq/jalon/indicators"
)

// trajectory checks how an indicator's anchors fit together: deadlines in
// order after the baseline, plan points within the span, values a
// measurement may take and moving in the indicator's direction.
func (c *checker) trajectory(p string, f indicatorFile, ind indicators.Indicator) {
	c.deadlines(p, ind)
	c.baselineDate(p, f.Baseline, ind)
	c.planSpan(p, ind)
	c.ranges(p, f.Baseline, ind)
	c.direction(p, ind)
}

func (c *checker) deadlines(p string, ind indicators.Indicator) {
	prev := -1
	for i, m := range ind.Milestones {
		if m.Deadline.IsZero() {
			continue
		}
		if prev >= 0 && !m.Deadline.After(ind.Milestones[prev].Deadline) {
			c.errorf(fmt.Sprintf("%s.milestone[%d].deadline", p, i), "%s is not after the previous deadline %s",
				day(m.Deadline), day(ind.Milestones[prev].Deadline))
		}
		prev = i
	}
}

func (c *checker) baselineDate(p string, f anchorFile, ind indicators.Indicator) {
	if len(ind.Milestones) == 0 || ind.Milestones[0].Deadline.IsZero() {
		return
	}
	first := ind.Milestones[0].Deadline
	if ind.Baseline.Date.Before(first) {
		return
	}
	if f.Date.set {
		c.errorf(p+".baseline.date", "%s is not before the first deadline %s", day(ind.Baseline.Date), day(first))
		return
	}
	c.errorf(p+".baseline.date", "the default baseline date %s is not before the first deadline %s; set baseline.date",
		day(ind.Baseline.Date), day(first))
}

// planSpan checks that plan points lie between the baseline and the last deadline.
func (c *checker) planSpan(p string, ind indicators.Indicator) {
	if len(ind.Milestones) == 0 {
		return
	}
	last := ind.Milestones[len(ind.Milestones)-1].Deadline
	for i, a := range ind.Plan {
		if a.Date.IsZero() || last.IsZero() {
			continue
		}
		if a.Date.Before(ind.Baseline.Date) || a.Date.After(last) {
			c.errorf(fmt.Sprintf("%s.plan[%d].date", p, i), "%s is outside the span from the baseline %s to the last deadline %s",
				day(a.Date), day(ind.Baseline.Date), day(last))
		}
	}
}

// ranges checks baseline, target and plan values with the rule measurements
// follow (indicators.ValidateValue): a target no measurement may take is
// an error. Percentages are in [0, 100], ratios and progress in [0, 1].
func (c *checker) ranges(p string, base anchorFile, ind indicators.Indicator) {
	if ind.Unit == "" || ind.Kind == "" {
		return
	}
	check := func(path string, v float64) {
		if err := indicators.ValidateValue(&ind, v); err != nil {
			c.errorf(path, "%v", err)
		}
	}
	if base.Value.set {
		check(p+".baseline.value", ind.Baseline.Value)
	}
	for i, m := range ind.Milestones {
		if m.Value != nil {
			check(fmt.Sprintf("%s.milestone[%d].value", p, i), *m.Value)
		}
	}
	for i, a := range ind.Plan {
		check(fmt.Sprintf("%s.plan[%d].value", p, i), a.Value)
	}
}

// direction checks that each target moves from the previous anchor (the
// baseline, then the previous target) the indicator's way or stays level,
// and that at least one moves.
func (c *checker) direction(p string, ind indicators.Indicator) {
	if ind.Kind == indicators.KindMilestone || ind.Direction == "" || len(ind.Milestones) == 0 {
		return
	}
	sign, against := 1.0, "below"
	if ind.Direction == indicators.Decrease {
		sign, against = -1, "above"
	}
	anchor, moved, ok := ind.Baseline.Value, false, true
	for i, m := range ind.Milestones {
		if m.Value == nil {
			return
		}
		if step := sign * (*m.Value - anchor); step < 0 {
			c.errorf(fmt.Sprintf("%s.milestone[%d].value", p, i), "%g is %s the previous anchor %g, against direction %q",
				*m.Value, against, anchor, ind.Direction)
			ok = false
		} else if step > 0 {
			moved = true
		}
		anchor = *m.Value
	}
	if ok && !moved {
		c.errorf(fmt.Sprintf("%s.milestone[%d].value", p, len(ind.Milestones)-1),
			"no target moves from the baseline %g in direction %q", ind.Baseline.Value, ind.Direction)
	}
}
