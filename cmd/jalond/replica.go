package main

import (
	"log/slog"
	"sync/atomic"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// replicaFeed passes what other replicas change, as the etcd backend
// applies it to this one's local copy, to the components that cache what
// they read: without it, their pages, API answers and /metrics would show
// only this replica's own writes until the next full evaluation, and its
// target edits never. The components exist only after the backend is open,
// so the feed is wired in two steps: the backend's OnApply at open, the
// components once assembled (attach). A change applied between the two is
// read from the store by the components as they start.
type replicaFeed struct {
	to     atomic.Pointer[components]
	logger *slog.Logger
}

// attach starts telling d's components, then catches their catalog up with
// the revisions other replicas stored since it was read.
func (f *replicaFeed) attach(d *components) {
	f.to.Store(d)
	f.catalog(d)
}

// catalog puts in force every indicator's latest stored revision.
func (f *replicaFeed) catalog(d *components) {
	for _, o := range d.eval.Catalog().Objectives {
		for _, ind := range o.Indicators {
			f.revised(d, ind.ID)
		}
	}
}

// apply is the backend's OnApply: changes come one at a time, in log order.
func (f *replicaFeed) apply(c etcdstore.Change) {
	d := f.to.Load()
	if d == nil || c.Local {
		// This replica's own changes reached its components on the way in
		// (the ingest pipeline's OnWrite, the API's edit and delete paths).
		return
	}
	switch c.Kind {
	case etcdstore.ChangeWrite:
		d.eval.Touch(c.Measurements)
	case etcdstore.ChangeDelete:
		touched := make([]indicators.Measurement, len(c.Removed))
		for i, rm := range c.Removed {
			touched[i] = indicators.Measurement{Indicator: rm.Indicator, Labels: rm.Labels}
		}
		d.eval.Touch(touched)
	case etcdstore.ChangeIndicator:
		f.revised(d, c.Indicator)
	case etcdstore.ChangeReload:
		// The local copy was rebuilt wholesale: read everything again.
		f.catalog(d)
		if err := d.eval.Load(); err != nil {
			f.logger.Error("reload the evaluations after the local copy was rebuilt", "err", err)
		}
	case etcdstore.ChangeState:
		// The state buckets are read from the store at each use; a
		// component that caches one (the alert views) hooks in here.
		if d.lead != nil {
			d.lead.stateChanged(c.Buckets) // leading.go: a follower's puller and alert views
		}
	}
}

func (f *replicaFeed) revised(d *components, id string) {
	if err := d.api.IndicatorRevised(id); err != nil {
		f.logger.Error("put in force an indicator revised by another replica", "indicator", id, "err", err)
	}
}

// syncReporter is a backend that may lag the record it serves: the etcd
// backend's local copy. The bbolt store is the record, always in sync.
type syncReporter interface {
	InSync() error
}

// inSyncOf returns st's report of whether it is in sync, nil for a backend
// that is always.
func inSyncOf(st any) func() error {
	if s, ok := st.(syncReporter); ok {
		return s.InSync
	}
	return nil
}
