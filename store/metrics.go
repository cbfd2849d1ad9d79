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
}

func newMetrics(s *Store, reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		reg: reg,
		commits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "jalon_store_commits_total",
			Help: "Write transactions committed by the store's group commit.",
		}),
		commitDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "jalon_store_commit_duration_seconds",
			Help:    "Time to apply and commit one group of writes, fsync included.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 8),
		}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "jalon_store_batch_size",
			Help:    "Write requests sharing one commit.",
			Buckets: prometheus.ExponentialBuckets(1, 4, 7),
		}),
	}
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	m.all = []prometheus.Collector{m.commits, m.commitDuration, m.batchSize,
		gauge("jalon_store_size_bytes", "Size of the store file in bytes.", s.sizeBytes),
		gauge("jalon_store_series", "Series in the store.", func() float64 { return float64(s.series.Load()) }),
		gauge("jalon_store_points", "Points in the store.", func() float64 { return float64(s.points.Load()) }),
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
