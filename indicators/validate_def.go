package indicators

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// FieldError is one rule an indicator definition breaks. Field is the path
// of the field at fault relative to the indicator, in the catalog's key
// names: "kind", "baseline.date", "milestone[1].deadline", "plan[0].value",
// "tolerance.off_track", or "milestone" for a missing list.
type FieldError struct {
	Field, Msg string
}

// String renders the error as "field: msg".
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
	v.texts()
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
// default"), that off_track is beyond it, and that neither is above 1: a
// tolerance is a share of the planned change, and one above the whole of
// it would never call a series off track. Fields are "at_risk" and
// "off_track".
func (t Tolerance) Validate() []FieldError {
	switch {
	case !(t.AtRisk > 0): // also refuses NaN
		return []FieldError{{"at_risk", fmt.Sprintf("must be positive, not %g", t.AtRisk)}}
	case !(t.OffTrack > t.AtRisk):
		return []FieldError{{"off_track", fmt.Sprintf("%g must be greater than at_risk %g", t.OffTrack, t.AtRisk)}}
	case t.OffTrack > 1:
		return []FieldError{{"off_track", fmt.Sprintf("%g is above 1: a tolerance is a share of the planned change (0.15 is 15 %%)", t.OffTrack)}}
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
		v.known("input", string(ind.Input), string(InputRate), string(InputCount), string(InputCumulative))
	case ind.Kind == KindLevel && (ind.Input == "" || ind.Input == InputCumulative):
	case ind.Input != "":
		v.add("input", `applies only to kind = "rate", or "cumulative" to kind = "level" (a running total that cannot fall)`)
	}
	switch {
	case ind.Period == 0:
	case ind.Kind != KindRate:
		v.add("period", `applies only to kind = "rate" with input = "count"`)
	case ind.Input != InputCount:
		v.add("period", `applies only to input = "count"`)
	}
}
