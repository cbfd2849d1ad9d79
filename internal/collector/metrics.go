package collector

import "github.com/prometheus/client_golang/prometheus"

// metrics are the pullers' own metrics. Every series of every configured
// puller exists from the start, at zero, so that rate() and absent() work
// before the first run.
type metrics struct {
	runs        *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
	failures    *prometheus.GaugeVec
	points      *prometheus.CounterVec
	skipped     *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer, names []string) *metrics {
	m := &metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_puller_runs_total",
			Help: "Puller runs by result: success, failure, or skipped because the previous run was still going.",
		}, []string{"puller", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "jalon_puller_run_duration_seconds",
			Help:    "Duration of puller runs that succeeded or failed: fetch, parse, check and write.",
			Buckets: []float64{0.1, 0.5, 1, 5, 10, 30, 60, 300, 900},
		}, []string{"puller"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "jalon_puller_last_success_timestamp_seconds",
			Help: "When the puller's last successful run ended, in seconds since 1970; 0 if it never succeeded.",
		}, []string{"puller"}),
		failures: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "jalon_puller_consecutive_failures",
			Help: "Runs of the puller that failed in a row since its last success; 0 after a success.",
		}, []string{"puller"}),
		points: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_puller_points_total",
			Help: "Points written by pullers, by outcome: new, revised (another value for an existing point) or unchanged.",
		}, []string{"puller", "outcome"}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_puller_rows_skipped_total",
			Help: "Rows or items pullers skipped, by reason: no_value (NS, empty, null) or invalid (skip_invalid_rows).",
		}, []string{"puller", "reason"}),
	}
	for _, n := range names {
		for _, r := range []string{resultSuccess, resultFailure, resultSkipped} {
			m.runs.WithLabelValues(n, r)
		}
		for _, o := range []string{"new", "revised", "unchanged"} {
			m.points.WithLabelValues(n, o)
		}
		for _, r := range []string{"no_value", "invalid"} {
			m.skipped.WithLabelValues(n, r)
		}
		m.lastSuccess.WithLabelValues(n)
		m.failures.WithLabelValues(n)
		m.duration.WithLabelValues(n)
	}
	if reg != nil {
		reg.MustRegister(m.runs, m.duration, m.lastSuccess, m.failures, m.points, m.skipped)
	}
	return m
}
