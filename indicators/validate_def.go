package indicators

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// FieldError is one rule an indicator definition breaks. Field is the path
// of the field at fault relative to the indicator, in the catalog's key
// names: "kind", "baseline.date", "milestone[1].deadline", "plan[0].value",
// "tolerance.off_track", or "milestone" for a missing list.
type FieldError struct {
	Field, Msg string
}

func (e FieldError) String() string { return e.Field + ": " + e.Msg }

// Validate checks the rules an indicator must follow to be evaluated: known
// kind, unit, direction, shape and input; targets whose values fit the kind;
// deadlines in order after the baseline; plan points in order within the
// targets' span; values a measurement may take (ValidateValue), moving the
// indicator's way; an ordered tolerance. It returns every broken rule, nil
// if none. A rule that depends on a field found unknown is not checked, so
// that one mistake is reported once.
func (ind *Indicator) Validate() []FieldError {
	v := &defCheck{ind: ind}
	v.classes()
	v.milestones()
	v.baseline()
	v.plan()
	v.ranges()
	v.direction()
	for _, e := range ind.Tolerance.Validate() {
		v.errs = append(v.errs, FieldError{"tolerance." + e.Field, e.Msg})
	}
	return v.errs
}

// Validate checks that at_risk is positive (0 would read as "use the
// default") and that off_track is beyond it. Fields are "at_risk" and
// "off_track".
func (t Tolerance) Validate() []FieldError {
	switch {
	case !(t.AtRisk > 0): // also refuses NaN
		return []FieldError{{"at_risk", fmt.Sprintf("must be positive, not %g", t.AtRisk)}}
	case !(t.OffTrack > t.AtRisk):
		return []FieldError{{"off_track", fmt.Sprintf("%g must be greater than at_risk %g", t.OffTrack, t.AtRisk)}}
	}
	return nil
}

// defCheck collects the problems of one indicator and which of its
// classifying fields are known.
type defCheck struct {
	ind                            *Indicator
	errs                           []FieldError
	kindOK, unitOK, dirOK, shapeOK bool
}

func (v *defCheck) add(field, format string, args ...any) {
	v.errs = append(v.errs, FieldError{field, fmt.Sprintf(format, args...)})
}

// known reports whether got is one of allowed, with a problem if not.
func (v *defCheck) known(field, got string, allowed ...string) bool {
	if slices.Contains(allowed, got) {
		return true
	}
	if got == "" {
		v.add(field, "required (one of %s)", strings.Join(allowed, ", "))
	} else {
		v.add(field, "unknown %s %q (one of %s)", field, got, strings.Join(allowed, ", "))
	}
	return false
}

// classes checks the fields that say how the indicator is read.
func (v *defCheck) classes() {
	ind := v.ind
	if strings.TrimSpace(ind.Name) == "" {
		v.add("name", "must not be empty")
	}
	v.kindOK = v.known("kind", string(ind.Kind), string(KindLevel), string(KindRate), string(KindMilestone))
	v.unitOK = v.known("unit", ind.Unit, slices.Sorted(maps.Keys(Units))...)
	if v.unitOK && ind.Kind == KindMilestone && ind.Unit != "done" {
		v.add("unit", `must be "done" for kind = "milestone", not %q`, ind.Unit)
	}
	v.dirOK = v.known("direction", string(ind.Direction), string(Increase), string(Decrease))
	v.shapeOK = v.known("shape", string(ind.Shape), string(ShapeLinear), string(ShapeSCurve), string(ShapeStep), string(ShapePlan))
	switch {
	case ind.Kind == KindRate:
		v.known("input", string(ind.Input), string(InputRate), string(InputCount))
	case ind.Input != "":
		v.add("input", `applies only to kind = "rate"`)
	}
	switch {
	case ind.Period == 0:
	case ind.Kind != KindRate:
		v.add("period", `applies only to kind = "rate" with input = "count"`)
	case ind.Input != InputCount:
		v.add("period", `applies only to input = "count"`)
	}
}

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

// ranges checks baseline, target and plan values with the rule measurements
// follow (ValidateValue): a target no measurement may take is an error.
func (v *defCheck) ranges() {
	if !v.kindOK || !v.unitOK {
		return
	}
	check := func(field string, x float64) {
		if err := ValidateValue(v.ind, x); err != nil {
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
