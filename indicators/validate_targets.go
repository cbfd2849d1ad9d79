package indicators

import (
	"fmt"
	"time"
)

// milestones checks that there is a target, that deadlines are set and
// strictly increasing, and that values fit the kind.
func (v *defCheck) milestones() {
	ms := v.ind.Milestones
	if len(ms) == 0 {
		v.add("milestone", "an indicator needs at least one milestone")
		return
	}
	var prev time.Time
	for i, m := range ms {
		mp := fmt.Sprintf("milestone[%d]", i)
		switch {
		case m.Deadline.IsZero():
			v.add(mp+".deadline", "required")
		case !prev.IsZero() && !m.Deadline.After(prev):
			v.add(mp+".deadline", "%s is not after the previous deadline %s", isoDate(m.Deadline), isoDate(prev))
		}
		if !m.Deadline.IsZero() {
			prev = m.Deadline
		}
		switch {
		case !v.kindOK:
		case v.ind.Kind == KindMilestone && m.Value != nil:
			v.add(mp+".value", `a milestone of kind = "milestone" takes no value`)
		case v.ind.Kind != KindMilestone && m.Value == nil:
			v.add(mp+".value", "required for kind = %q", v.ind.Kind)
		}
	}
}

// baseline checks that the baseline is dated before the first deadline.
func (v *defCheck) baseline() {
	b := v.ind.Baseline.Date
	if b.IsZero() {
		v.add("baseline.date", "required")
		return
	}
	if len(v.ind.Milestones) == 0 {
		return
	}
	if first := v.ind.Milestones[0].Deadline; !first.IsZero() && !b.Before(first) {
		v.add("baseline.date", "%s is not before the first deadline %s", isoDate(b), isoDate(first))
	}
}

// plan checks that plan points come with shape plan only, and lie in date
// order between the baseline and the last deadline.
func (v *defCheck) plan() {
	ind := v.ind
	switch {
	case !v.shapeOK:
		return
	case ind.Shape != ShapePlan && len(ind.Plan) > 0:
		v.add("plan", `applies only to shape = "plan"`)
		return
	case ind.Shape == ShapePlan && len(ind.Plan) == 0:
		v.add("plan", `required with shape = "plan"`)
		return
	}
	var last, prev time.Time
	if n := len(ind.Milestones); n > 0 {
		last = ind.Milestones[n-1].Deadline
	}
	for i, a := range ind.Plan {
		field := fmt.Sprintf("plan[%d].date", i)
		if a.Date.IsZero() {
			v.add(field, "required")
			continue
		}
		if !prev.IsZero() && !a.Date.After(prev) {
			v.add(field, "%s is not after the previous plan date %s", isoDate(a.Date), isoDate(prev))
		}
		prev = a.Date
		if !last.IsZero() && (a.Date.Before(ind.Baseline.Date) || a.Date.After(last)) {
			v.add(field, "%s is outside the span from the baseline %s to the last deadline %s",
				isoDate(a.Date), isoDate(ind.Baseline.Date), isoDate(last))
		}
	}
}

// ranges checks baseline, target and plan values with ValidateTarget: a
// target no measurement may take, or too close to zero for the gap to be
// computed, is an error.
func (v *defCheck) ranges() {
	if !v.kindOK || !v.unitOK {
		return
	}
	check := func(field string, x float64) {
		if err := ValidateTarget(v.ind, x); err != nil {
			v.add(field, "%v", err)
		}
	}
	check("baseline.value", v.ind.Baseline.Value)
	for i, m := range v.ind.Milestones {
		if m.Value != nil {
			check(fmt.Sprintf("milestone[%d].value", i), *m.Value)
		}
	}
	if v.ind.Shape == ShapePlan {
		for i, a := range v.ind.Plan {
			check(fmt.Sprintf("plan[%d].value", i), a.Value)
		}
	}
}

// direction checks that each target moves from the previous anchor (the
// baseline, then the previous target) the indicator's way or stays level,
// and that at least one moves.
func (v *defCheck) direction() {
	ind := v.ind
	if ind.Kind == KindMilestone || !v.dirOK || len(ind.Milestones) == 0 {
		return
	}
	against := "below"
	if ind.Direction == Decrease {
		against = "above"
	}
	anchor, moved, ok := ind.Baseline.Value, false, true
	for i, m := range ind.Milestones {
		if m.Value == nil {
			return
		}
		if step := ind.sign() * (*m.Value - anchor); step < 0 {
			v.add(fmt.Sprintf("milestone[%d].value", i), "%g is %s the previous anchor %g, against direction %q",
				*m.Value, against, anchor, ind.Direction)
			ok = false
		} else if step > 0 {
			moved = true
		}
		anchor = *m.Value
	}
	if ok && !moved {
		v.add(fmt.Sprintf("milestone[%d].value", len(ind.Milestones)-1),
			"no target moves from the baseline %g in direction %q", ind.Baseline.Value, ind.Direction)
	}
}

// isoDate formats a date as catalogs write it.
func isoDate(t time.Time) string { return t.Format(time.DateOnly) }
