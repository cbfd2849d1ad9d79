package alerting

import (
	"math"
	"strconv"
	"time"
)

// percent writes a probability in [0, 1] as a whole percentage.
func percent(p float64) string {
	return strconv.FormatFloat(math.Round(100*p), 'f', 0, 64) + " %"
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
