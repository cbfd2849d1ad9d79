package leader

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	leading prometheus.Gauge
	changes prometheus.Counter
}

// newMetrics registers jalon_leader and jalon_leader_changes_total on reg
// (none when nil). Every replica exports both, so that a dashboard sums
// jalon_leader across replicas and alerts when the sum is not 1.
func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		leading: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jalon_leader",
			Help: "1 while this replica is the leader (runs the pullers and delivers notifications), else 0."}),
		changes: prometheus.NewCounter(prometheus.CounterOpts{Name: "jalon_leader_changes_total",
			Help: "Terms as leader this replica has begun."}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.leading, m.changes} {
		if err := reg.Register(c); err != nil {
			return nil, errors.Join(errors.New("leader: register metrics"), err)
		}
	}
	return m, nil
}
