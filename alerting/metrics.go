package alerting

import (
	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	sent, failed, dropped *prometheus.CounterVec
	latency               *prometheus.HistogramVec
	evalDuration          prometheus.Histogram
}

func newMetrics() *metrics {
	byReceiver := []string{"receiver"}
	return &metrics{
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_notifications_sent_total",
			Help: "Notifications delivered (answered 2xx), by receiver.",
		}, byReceiver),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_notifications_failed_total",
			Help: "Notifications in delivery attempts that failed and will be retried, by receiver.",
		}, byReceiver),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_notifications_dropped_total",
			Help: "Notifications dropped undelivered because the receiver's outbox was full.",
		}, byReceiver),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "jalon_notification_delivery_latency_seconds",
			Help:    "Time from a notification's creation to its delivery, retries included.",
			Buckets: prometheus.ExponentialBuckets(0.01, 4, 10), // 10ms to 43m
		}, byReceiver),
		evalDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "jalon_alerting_evaluation_duration_seconds",
			Help:    "Time taken to evaluate the alerting rules on a snapshot and record the outcome.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 4, 9),
		}),
	}
}

// register registers the metrics and the collectors that read the
// manager's state at scrape time.
func (m *metrics) register(reg prometheus.Registerer, mgr *Manager) error {
	if reg == nil {
		return nil
	}
	for _, c := range []prometheus.Collector{m.sent, m.failed, m.dropped, m.latency, m.evalDuration,
		&alertsCollector{mgr}, newOutboxCollector(mgr.outbox)} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// alertsCollector exports jalon_alerts, Prometheus' ALERTS for Jalon's
// own alerts: one series per pending or firing alert, with the alert's
// labels and alertstate, value 1. The label names vary from alert to
// alert, so the collector is unchecked (Describe sends nothing).
type alertsCollector struct{ m *Manager }

func (c *alertsCollector) Describe(chan<- *prometheus.Desc) {}

func (c *alertsCollector) Collect(ch chan<- prometheus.Metric) {
	for _, a := range c.m.Alerts() {
		if a.State != StatePending && a.State != StateFiring {
			continue
		}
		names := make([]string, 0, len(a.Labels)+1)
		values := make([]string, 0, len(a.Labels)+1)
		for _, l := range a.Labels {
			names, values = append(names, l.Name), append(values, l.Value)
		}
		names, values = append(names, "alertstate"), append(values, string(a.State))
		desc := prometheus.NewDesc("jalon_alerts", "Jalon's pending and firing alerts, 1 per alert with its labels.", names, nil)
		ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, 1, values...)
	}
}

// outboxCollector exports the outbox's length and the age of its oldest
// notification per receiver, computed at scrape time.
type outboxCollector struct {
	o                     *outbox
	length, oldest, limit *prometheus.Desc
}

func newOutboxCollector(o *outbox) *outboxCollector {
	return &outboxCollector{o: o,
		length: prometheus.NewDesc("jalon_notification_outbox_length",
			"Notifications waiting in the outbox, by receiver.", []string{"receiver"}, nil),
		oldest: prometheus.NewDesc("jalon_notification_outbox_oldest_age_seconds",
			"Age of the oldest notification waiting in the outbox, 0 when empty, by receiver.", []string{"receiver"}, nil),
		limit: prometheus.NewDesc("jalon_notification_outbox_capacity",
			"Most notifications the outbox keeps per receiver before dropping the oldest.", nil, nil),
	}
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.length
	ch <- c.oldest
	ch <- c.limit
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	o := c.o
	now := o.now()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.receivers {
		age := 0.0
		for _, e := range r.queue {
			if !e.gone {
				age = now.Sub(e.Created).Seconds()
				break
			}
		}
		ch <- prometheus.MustNewConstMetric(c.length, prometheus.GaugeValue, float64(r.live), r.name)
		ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age, r.name)
	}
	ch <- prometheus.MustNewConstMetric(c.limit, prometheus.GaugeValue, float64(o.limit))
}
