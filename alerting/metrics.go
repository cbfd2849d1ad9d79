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
	// Only the labels and state are read, under the lock: Manager.Alerts
	// would copy every alert and make its annotations' map, and the
	// registry sorts the metrics anyway. An alert's labels never change.
	type row struct {
		labels Labels
		state  State
	}
	c.m.mu.Lock()
	rows := make([]row, 0, len(c.m.alerts))
	for _, a := range c.m.alerts {
		if a.state == StatePending || a.state == StateFiring {
			rows = append(rows, row{a.labels, a.state})
		}
	}
	c.m.mu.Unlock()
	// Alerts of one rule and indicator have the same label names: one Desc
	// serves them all, rather than one made and validated per alert.
	descs := map[string]*prometheus.Desc{}
	var key []byte
	var values []string
	for _, r := range rows {
		key = key[:0]
		for _, l := range r.labels {
			key = append(append(key, l.Name...), 0)
		}
		desc := descs[string(key)]
		if desc == nil {
			names := make([]string, 0, len(r.labels)+1)
			for _, l := range r.labels {
				names = append(names, l.Name)
			}
			names = append(names, "alertstate")
			desc = prometheus.NewDesc("jalon_alerts", "Jalon's pending and firing alerts, 1 per alert with its labels.", names, nil)
			descs[string(key)] = desc
		}
		// NewConstMetric copies the values, so one slice serves every alert.
		values = values[:0]
		for _, l := range r.labels {
			values = append(values, l.Value)
		}
		values = append(values, string(r.state))
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
