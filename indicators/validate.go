package indicators

import (
	"fmt"
	"math"
)

// ValidateValue checks that v can be a measurement of ind: a finite number,
// not negative for counts, rates, percentages, ratios and progress, within
// [0, 100] for a percentage and [0, 1] for a ratio or progress (a milestone
// indicator's values are progress whatever its unit). Durations and amounts
// (months, days, euros) may be negative only on a decreasing indicator,
// where a negative value is a gain ("6 months shorter").
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
