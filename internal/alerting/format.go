package alerting

import (
	"math"
	"strconv"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// formatValue writes v in unit as pages and reports write it in English,
// the language of alert texts.
func formatValue(v float64, unit string) string {
	return indicators.Unit{Name: unit, Lang: indicators.English}.Format(v)
}

// percent writes a probability in [0, 1] as a whole percentage.
func percent(p float64) string {
	return strconv.FormatFloat(math.Round(100*p), 'f', 0, 64) + " %"
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
