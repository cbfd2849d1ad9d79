package evaluator

import (
	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	duration prometheus.Histogram
	series   prometheus.Gauge
	last     prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "jalon_evaluation_duration_seconds",
			Help:    "Time taken to evaluate series and publish a snapshot.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 4, 9),
		}),
		series: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "jalon_evaluation_series",
			Help: "Series in the latest evaluated snapshot, placeholders for indicators without data included.",
		}),
		last: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "jalon_evaluation_last_timestamp_seconds",
			Help: "Time of the latest evaluated snapshot.",
		}),
	}
	if reg != nil {
		reg.MustRegister(m.duration, m.series, m.last)
	}
	return m
}

func (m *metrics) observe(s *Snapshot) {
	m.duration.Observe(s.Duration.Seconds())
	m.series.Set(float64(len(s.Results)))
	m.last.Set(float64(s.At.UnixMilli()) / 1000)
}
