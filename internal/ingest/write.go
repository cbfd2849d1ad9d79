package ingest

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/territory"
)

// Writer is what the pipeline needs of the store: one atomic, durable write
// of a batch (store.Store.Write).
type Writer interface {
	Write(ctx context.Context, ms []indicators.Measurement, actor string) (store.WriteResult, error)
}

// Pipeline checks and writes measurements for every way in: the push API
// and the pullers.
type Pipeline struct {
	store    Writer
	catalog  func() *indicators.Catalog
	codes    *territory.Codes
	ingested *prometheus.CounterVec
	rejected *prometheus.CounterVec

	checker atomic.Pointer[cachedChecker]
	onWrite []func(ms []indicators.Measurement)
}

type cachedChecker struct {
	catalog *indicators.Catalog
	k       *Checker
}

// NewPipeline returns a pipeline checking against the catalog in force
// (catalog, called for each batch, as Evaluator.Catalog) and writing to w.
// Those who must learn of writes (the evaluator, remote write) subscribe
// with OnWrite. reg may be nil.
func NewPipeline(w Writer, catalog func() *indicators.Catalog, reg prometheus.Registerer) (*Pipeline, error) {
	codes, err := territory.Load()
	if err != nil {
		return nil, err
	}
	p := &Pipeline{store: w, catalog: catalog, codes: codes,
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_points_ingested_total",
			Help: "Measurements accepted, by way in (push, puller) and outcome: new, revised (another value for an existing point) or unchanged.",
		}, []string{"via", "outcome"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jalon_points_rejected_total",
			Help: "Measurements refused, by way in and reason: malformed batch, invalid item (the whole batch is refused), forbidden.",
		}, []string{"via", "reason"}),
	}
	for _, via := range []string{"push", "puller"} {
		for _, o := range []string{"new", "revised", "unchanged"} {
			p.ingested.WithLabelValues(via, o)
		}
		for _, r := range []string{"malformed", "invalid", "forbidden"} {
			p.rejected.WithLabelValues(via, r)
		}
	}
	if reg != nil {
		reg.MustRegister(p.ingested, p.rejected)
	}
	return p, nil
}

// Check checks items against the catalog in force.
func (p *Pipeline) Check(items []Item, now time.Time) ([]indicators.Measurement, []Problem) {
	return p.checkerFor(p.catalog()).Check(items, now)
}

// checkerFor caches the checker of the catalog in force; a new catalog (an
// edited target) builds a new one.
func (p *Pipeline) checkerFor(c *indicators.Catalog) *Checker {
	if cur := p.checker.Load(); cur != nil && cur.catalog == c {
		return cur.k
	}
	// Two pushes racing here build the same checker twice, which is
	// harmless; the catalog changes only when a target is edited.
	k := NewChecker(c, p.codes)
	p.checker.Store(&cachedChecker{catalog: c, k: k})
	return k
}

// Reject counts n refused measurements.
func (p *Pipeline) Reject(via, reason string, n int) {
	p.rejected.WithLabelValues(via, reason).Add(float64(n))
}

// Write stores checked measurements in one atomic, durable batch and tells
// the OnWrite subscribers when it changed something. actor is recorded in the
// audit log (a token's or a puller's name); via labels the metrics.
func (p *Pipeline) Write(ctx context.Context, ms []indicators.Measurement, actor, via string) (store.WriteResult, error) {
	res, err := p.store.Write(ctx, ms, actor)
	if err != nil {
		return res, err
	}
	p.ingested.WithLabelValues(via, "new").Add(float64(res.New))
	p.ingested.WithLabelValues(via, "revised").Add(float64(res.Revised))
	p.ingested.WithLabelValues(via, "unchanged").Add(float64(res.Unchanged))
	if res.New+res.Revised > 0 {
		for _, fn := range p.onWrite {
			fn(ms)
		}
	}
	return res, nil
}

// OnWrite has fn called, after each write that added or revised points, with
// the batch written (its unchanged points too: the store does not say which
// they are). Subscribers run in the order they subscribed, before Write
// returns: the evaluator's Touch is one, so that a read after an
// acknowledged write waits for its evaluation (Evaluator.Current). fn must
// not block nor keep ms. Call it before the pipeline is used: registering
// is not synchronised with writes.
func (p *Pipeline) OnWrite(fn func(ms []indicators.Measurement)) {
	p.onWrite = append(p.onWrite, fn)
}
