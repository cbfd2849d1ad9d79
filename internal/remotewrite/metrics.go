package remotewrite

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the sender's own metrics, documented in docs/metrics.md.
type metrics struct {
	samples  *prometheus.CounterVec
	requests *prometheus.CounterVec
	retries  prometheus.Counter
	duration prometheus.Histogram
}

func newMetrics(s *Sender, reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		samples: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_remote_write_samples_total",
			Help: "Points handed to remote write, by result: sent (the receiver took them), rejected (refused for good), dropped (the queue was full).",
		}, []string{"result"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_remote_write_requests_total",
			Help: "Remote-write requests answered, by HTTP status code.",
		}, []string{"code"}),
		retries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "jalon_remote_write_retries_total",
			Help: "Remote-write batches sent again after a network error, a 5xx or a 429.",
		}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "jalon_remote_write_request_duration_seconds",
			Help:    "Time taken by remote-write requests that got an answer.",
			Buckets: prometheus.ExponentialBuckets(0.005, 4, 8),
		}),
	}
	for _, r := range []string{"sent", "rejected", "dropped"} {
		m.samples.WithLabelValues(r)
	}
	queue := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "jalon_remote_write_queue_length",
		Help: "Points waiting to be sent by remote write.",
	}, s.queueLength)
	capacity := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "jalon_remote_write_queue_capacity",
		Help: "Points the remote-write queue holds at most (queue_size).",
	})
	capacity.Set(float64(s.cfg.QueueSize))
	if reg != nil {
		for _, c := range []prometheus.Collector{m.samples, m.requests, m.retries, m.duration, queue, capacity} {
			if err := reg.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}
