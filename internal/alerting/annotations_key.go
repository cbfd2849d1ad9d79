package alerting

import (
	"math"
	"time"
)

// annotationKey holds every figure an alert's annotations quote, so that
// they are formatted again only when one of them changed. Floats are kept
// as bits, so that NaN equals NaN.
type annotationKey struct {
	rule, k               int32 // small indexes; int32 keeps an alert in a smaller size class
	latestAt, forecastAt  int64
	latest, planned       uint64
	forecast, probability uint64
	day                   int64 // the evaluation's day: the stale text counts days
	failures              int
	lastError             string
	// target changes with the catalog, which may rename the indicator or
	// move its milestones.
	target *target
}

func annotationKeyOf(c *candidate) annotationKey {
	if c.puller != nil {
		return annotationKey{rule: -1, failures: c.puller.ConsecutiveFailures, lastError: c.puller.LastError}
	}
	if d := c.divergence; d != nil {
		return annotationKey{rule: -2, lastError: d.Owners + "/" + d.Computed}
	}
	e := &c.result.Eval
	k := annotationKey{rule: int32(c.rule), k: int32(c.k), planned: math.Float64bits(e.PlannedAtLatest),
		probability: math.Float64bits(e.Probability), day: e.Now.Unix() / int64(24*time.Hour/time.Second),
		target: c.target}
	if e.Latest != nil {
		k.latestAt, k.latest = e.Latest.Time.UnixNano(), math.Float64bits(e.Latest.Value)
	}
	if e.Forecast != nil {
		k.forecastAt, k.forecast = e.Forecast.At.UnixNano(), math.Float64bits(e.Forecast.Value)
	}
	return k
}
