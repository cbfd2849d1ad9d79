package alerting

import (
	"math"
	"strconv"
	"time"
)

// formatValue writes v in unit the way a person reads a dashboard: three
// significant digits and an SI prefix for large counts ("212 M/yr"), a
// space before % as French typography has it.
func formatValue(v float64, unit string) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "?"
	case unit == "percent":
		return sig(v) + " %"
	case unit == "done":
		return sig(100*v) + " %"
	case unit == "per_year":
		return prefixed(v) + "/yr"
	case unit == "euros":
		return prefixed(v) + "€"
	case unit == "months" || unit == "days":
		return sig(v) + " " + unit
	case unit == "count":
		return prefixed(v)
	}
	return sig(v)
}

// prefixed writes v with k, M or G and a space: "212 M", "1.5 k", "40".
func prefixed(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return sig(v/1e9) + " G"
	case a >= 1e6:
		return sig(v/1e6) + " M"
	case a >= 1e4:
		return sig(v/1e3) + " k"
	}
	return sig(v)
}

// sig writes v to three significant digits without an exponent.
func sig(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// percent writes a probability in [0, 1] as a whole percentage.
func percent(p float64) string {
	return strconv.FormatFloat(math.Round(100*p), 'f', 0, 64) + " %"
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
