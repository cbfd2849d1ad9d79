package indicators

import (
	"fmt"
	"math"
)

// The range of values Jalon evaluates. Every figure derived from values
// within it stays finite: trailing rates (a year of counts, annualised),
// gaps and progress (divided by the change between two targets), Theil–Sen
// slopes over points a nanosecond apart, the forecast's standard error and
// the probability of meeting a target (docs/trajectory.md, "Values refused").
const (
	// MaxMagnitude bounds every value, measurement or target, of every
	// unit: 1e15 is millions of times any real figure of the roadmap (400
	// million documents a year is 4e8), and keeps every derived figure
	// below about 1e100, far from float64's 1.8e308.
	MaxMagnitude = 1e15
	// MinTargetMagnitude is the smallest non-zero magnitude of a target,
	// baseline or plan value. Gaps and progress divide by the difference
	// of two targets: with targets of 5e-324 and 0 that division gives
	// +Inf; with targets of 0 or at least 1e-9 it stays below about 1e75.
	MinTargetMagnitude = 1e-9
)

// ValidateValue checks that v can be a measurement of ind: a finite number,
// not negative for counts, rates, percentages, ratios and progress, within
// [0, 100] for a percentage and [0, 1] for a ratio or progress (a milestone
// indicator's values are progress whatever its unit), and within
// ±MaxMagnitude for every unit. Durations and amounts (months, days, euros)
// may be negative only on a decreasing indicator, where a negative value is
// a gain ("6 months shorter").
func ValidateValue(ind *Indicator, v float64) error {
	unit := ind.Unit
	if ind.Kind == KindMilestone {
		unit = "done"
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("value %v is not a finite number", v)
	case v < 0 && !mayBeNegative(unit, ind.Direction):
		return fmt.Errorf("value %v is negative, unit %s", v, unit)
	case unit == "percent" && v > 100:
		return fmt.Errorf("value %v is above 100, unit percent", v)
	case (unit == "ratio" || unit == "done") && v > 1:
		return fmt.Errorf("value %v is above 1, unit %s", v, unit)
	case v > MaxMagnitude:
		return fmt.Errorf("value %v is above %g, the largest value Jalon evaluates, unit %s: check the figure and its unit", v, MaxMagnitude, unit)
	case v < -MaxMagnitude:
		return fmt.Errorf("value %v is below %g, the smallest value Jalon evaluates, unit %s: check the figure and its unit", v, -MaxMagnitude, unit)
	}
	return nil
}

// ValidateTarget checks that v can be a baseline, target or plan value of
// ind: a value a measurement may take (ValidateValue), and 0 or at least
// MinTargetMagnitude in magnitude.
func ValidateTarget(ind *Indicator, v float64) error {
	if err := ValidateValue(ind, v); err != nil {
		return err
	}
	if v != 0 && math.Abs(v) < MinTargetMagnitude {
		return fmt.Errorf("value %v is closer to zero than %g, the smallest target Jalon evaluates: write 0 or a value of at least %g", v, MinTargetMagnitude, MinTargetMagnitude)
	}
	return nil
}

// mayBeNegative reports whether a unit admits negative values.
func mayBeNegative(unit string, d Direction) bool {
	switch unit {
	case "count", "per_year", "percent", "ratio", "done":
		return false
	case "months", "days", "euros":
		return d == Decrease
	}
	return true // an unknown unit is the catalog check's business
}
