package indicators

import (
	"math"
	"testing"
)

func TestValidateValue(t *testing.T) {
	of := func(unit string, kind Kind, dir Direction) *Indicator {
		return &Indicator{Unit: unit, Kind: kind, Direction: dir}
	}
	cases := []struct {
		name string
		ind  *Indicator
		v    float64
		err  string // "" when the value is valid
	}{
		{"a count", of("count", KindLevel, Increase), 12, ""},
		{"NaN", of("count", KindLevel, Increase), math.NaN(), "value NaN is not a finite number"},
		{"+Inf", of("euros", KindLevel, Decrease), math.Inf(1), "value +Inf is not a finite number"},
		{"-Inf", of("months", KindLevel, Decrease), math.Inf(-1), "value -Inf is not a finite number"},
		{"negative count", of("count", KindLevel, Increase), -3, "value -3 is negative, unit count"},
		{"negative rate", of("per_year", KindRate, Increase), -1e6, "value -1e+06 is negative, unit per_year"},
		{"negative percent", of("percent", KindLevel, Decrease), -0.5, "value -0.5 is negative, unit percent"},
		{"percent bounds", of("percent", KindLevel, Increase), 100, ""},
		{"percent above 100", of("percent", KindLevel, Increase), 100.5, "value 100.5 is above 100, unit percent"},
		{"ratio above 1", of("ratio", KindLevel, Increase), 1.2, "value 1.2 is above 1, unit ratio"},
		{"negative ratio", of("ratio", KindLevel, Decrease), -0.1, "value -0.1 is negative, unit ratio"},
		{"progress", of("done", KindMilestone, Increase), 0.4, ""},
		{"progress above 1", of("done", KindMilestone, Increase), 2, "value 2 is above 1, unit done"},
		{"milestone kind is progress", of("", KindMilestone, Increase), -1, "value -1 is negative, unit done"},
		{"a gain in months", of("months", KindLevel, Decrease), -6, ""},
		{"a saving in euros", of("euros", KindLevel, Decrease), -2.5e6, ""},
		{"negative days rising", of("days", KindLevel, Increase), -2, "value -2 is negative, unit days"},
		{"zero", of("count", KindLevel, Increase), 0, ""},
		{"the largest count", of("count", KindLevel, Increase), 1e15, ""},
		{"the largest saving", of("euros", KindLevel, Decrease), -1e15, ""},
		{"a month's count of 1.5e307 (issue 10)", of("per_year", KindRate, Increase), 1.5e307,
			"value 1.5e+307 is above 1e+15, the largest value Jalon evaluates, unit per_year: check the figure and its unit"},
		{"a gain of 1e308 months (issue 10)", of("months", KindLevel, Decrease), -1e308,
			"value -1e+308 is below -1e+15, the smallest value Jalon evaluates, unit months: check the figure and its unit"},
		{"a tiny measurement", of("ratio", KindLevel, Increase), 5e-324, ""},
	}
	for _, c := range cases {
		err := ValidateValue(c.ind, c.v)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.err {
			t.Errorf("%s: ValidateValue(%v) = %q, want %q", c.name, c.v, got, c.err)
		}
	}
}
