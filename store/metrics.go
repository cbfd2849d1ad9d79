package store

import (
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.etcd.io/bbolt"
)

// metrics are the store's own metrics. They exist even without a
// Registerer, unregistered, so that the write path needs no nil checks.
type metrics struct {
	reg            prometheus.Registerer
	all            []prometheus.Collector
	commits        prometheus.Counter
	commitDuration prometheus.Histogram
	batchSize      prometheus.Histogram
	applies        prometheus.Counter
	applyDuration  prometheus.Histogram
	appliedPoints  prometheus.Counter
}

func newMetrics(s *Store, reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		reg: reg,
		commits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "jalon_store_commits_total",
			Help: "Groups of writes made durable in the write-ahead log, one fsync each.",
		}),
		commitDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "jalon_store_commit_duration_seconds",
			Help:    "Time to check and log one group of writes, fsync included.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 8),
		}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "jalon_store_batch_size",
			Help:    "Write requests sharing one write-ahead log record and fsync.",
			Buckets: prometheus.ExponentialBuckets(1, 4, 7),
		}),
		applies: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "jalon_store_applies_total",
			Help: "Transactions moving logged writes into the store file.",
		}),
		applyDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "jalon_store_apply_duration_seconds",
			Help:    "Time to move logged writes into the store file, fsync included.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 8),
		}),
		appliedPoints: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "jalon_store_applied_points_total",
			Help: "Logged measurements moved into the store file.",
		}),
	}
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	m.all = []prometheus.Collector{m.commits, m.commitDuration, m.batchSize, m.applies, m.applyDuration, m.appliedPoints,
		gauge("jalon_store_wal_pending_points", "Measurements logged and acknowledged but not yet in the store file.", s.pendingPoints),
		gauge("jalon_store_size_bytes", "Size of the store file in bytes.", s.sizeBytes),
		// As of the last apply, a fraction of a second behind the writes
		// acknowledged: waiting for the applier would stall scrapes.
		gauge("jalon_store_series", "Series in the store file.", func() float64 { return float64(s.series.Load()) }),
		gauge("jalon_store_points", "Points in the store file.", func() float64 { return float64(s.points.Load()) }),
	}
	if reg == nil {
		return m, nil
	}
	for i, c := range m.all {
		if err := reg.Register(c); err != nil {
			for _, r := range m.all[:i] {
				reg.Unregister(r)
			}
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}

func (m *metrics) observeCommit(d time.Duration, requests int) {
	m.commits.Inc()
	m.commitDuration.Observe(d.Seconds())
	m.batchSize.Observe(float64(requests))
}

func (m *metrics) observeApply(d time.Duration, points int) {
	m.applies.Inc()
	m.applyDuration.Observe(d.Seconds())
	m.appliedPoints.Add(float64(points))
}

// unregister removes the metrics, so that the store can be opened again
// with the same Registerer.
func (m *metrics) unregister() {
	if m.reg == nil {
		return
	}
	for _, c := range m.all {
		m.reg.Unregister(c)
	}
}

func (s *Store) sizeBytes() float64 {
	var size int64
	_ = s.db.View(func(tx *bbolt.Tx) error {
		size = tx.Size()
		return nil
	})
	return float64(size)
}
