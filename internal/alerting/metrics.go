package alerting

import (
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
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

var (
	alertsDesc = prometheus.NewDesc("jalon_alerts", "Jalon's pending and firing alerts, 1 per alert with its labels.", nil, nil)
	// alertGauge is every jalon_alerts sample: the registry only reads
	// what a metric writes ("immutable by contract"), so one serves all.
	alertGauge = &dto.Gauge{Value: new(1.0)}
)

// alertMetric is one jalon_alerts series. Its label pairs are shared with
// the other alerts that have the same label: a const metric per alert
// made nine pairs and a Desc each, about a kilobyte an alert held by every
// scrape until it is written out.
type alertMetric struct{ labels []*dto.LabelPair }

func (m alertMetric) Desc() *prometheus.Desc { return alertsDesc }

func (m alertMetric) Write(out *dto.Metric) error {
	out.Label, out.Gauge = m.labels, alertGauge
	return nil
}

// maxSharedValues is how many values of one label name a scrape shares
// pairs for: routing labels have a few, a series label such as region
// may have one per alert and is not worth a map.
const maxSharedValues = 64

func (c *alertsCollector) Collect(ch chan<- prometheus.Metric) {
	// Only the labels and state are read, under the lock: Manager.Alerts
	// would copy every alert and make its annotations' map, and the
	// registry sorts the metrics anyway. An alert's labels never change.
	type row struct {
		labels labelParts
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
	shared := map[string]map[string]*dto.LabelPair{}
	pair := func(name, value string) *dto.LabelPair {
		byValue, ok := shared[name]
		if !ok {
			byValue = map[string]*dto.LabelPair{}
			shared[name] = byValue
		}
		if p := byValue[value]; p != nil {
			return p
		}
		p := &dto.LabelPair{Name: new(name), Value: new(value)}
		if byValue != nil && len(byValue) < maxSharedValues {
			byValue[value] = p
		} else if byValue != nil {
			shared[name] = nil // too many values: stop looking them up
		}
		return p
	}
	var scratch Labels
	for _, r := range rows {
		labels := r.labels.get(scratch)
		if r.labels.base != nil {
			scratch = labels // merged: reused for the next alert
		}
		// Sorted by name, alertstate in its place, as the registry wants.
		ls := make([]*dto.LabelPair, 0, len(labels)+1)
		state := false
		for _, l := range labels {
			if !state && l.Name > "alertstate" {
				ls, state = append(ls, pair("alertstate", string(r.state))), true
			}
			ls = append(ls, pair(l.Name, l.Value))
		}
		if !state {
			ls = append(ls, pair("alertstate", string(r.state)))
		}
		ch <- alertMetric{ls}
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
