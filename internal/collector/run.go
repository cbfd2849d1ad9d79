package collector

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/store"
)

// maxProblemsShown bounds the problems quoted in a run's error.
const maxProblemsShown = 5

// run is one run of a puller in the making: what its source read and what
// is saved if it succeeds.
type run struct {
	now  time.Time
	prev record
	cond validators // sent with the request: the configuration is unchanged since they were saved
	acc  *accumulator

	notModified bool
	validators  validators
	files       map[string]string // file puller: every file present, read now or before
	read        int               // file puller: files read by this run
}

// runOnce runs p, then records and exports the outcome. A run cancelled by
// a stop is not recorded: it is no failure of the source.
func (m *Manager) runOnce(ctx context.Context, p *puller) error {
	start := m.opts.Now()
	r, res, err := m.execute(ctx, p, start)
	end := m.opts.Now()
	log := m.logger.With("collector", p.cfg.Name)
	if err != nil && ctx.Err() != nil {
		log.Info("run cancelled", "err", err)
		return err
	}
	rec := p.finish(r, res, err, start, end)
	if serr := saveRecord(m.opts.Store, p.cfg.Name, rec); serr != nil {
		log.Error("save puller state", "err", serr)
	}
	m.export(p.cfg.Name, rec.State, err, end.Sub(start))
	if err != nil {
		log.Warn("run failed", "err", err, "duration", end.Sub(start), "failures", rec.State.ConsecutiveFailures)
		return err
	}
	pts := rec.State.Points
	log.Info("run done", "new", pts.New, "revised", pts.Revised, "unchanged", pts.Unchanged,
		"skipped", pts.NoValue+pts.Invalid, "not_modified", rec.State.NotModified, "duration", end.Sub(start))
	if pts.Invalid > 0 {
		log.Warn("invalid rows skipped", "skipped_invalid", pts.Invalid, "first", strings.Join(rec.State.SkippedReasons, "; "))
	}
	return nil
}

// execute pulls, checks and writes one run's points in one atomic batch.
// A panic in a source is recovered and returned as the run's error.
func (m *Manager) execute(ctx context.Context, p *puller, now time.Time) (r *run, res store.WriteResult, err error) {
	r = &run{now: now, prev: p.record()}
	defer func() {
		if v := recover(); v != nil {
			m.logger.Error("puller panicked", "collector", p.cfg.Name, "panic", v, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	if r.prev.Config == p.hash {
		r.cond = r.prev.Validators
	}
	if err := p.src.pull(ctx, r); err != nil || r.notModified {
		return r, res, err
	}
	items := r.acc.items(p.cfg.Labels, p.cfg.Source)
	ms, probs := m.opts.Pipeline.Check(items, now)
	if len(probs) > 0 {
		if !p.cfg.SkipInvalidRows {
			return r, res, checkError(probs)
		}
		for _, pr := range probs {
			r.acc.skip(pr.String())
		}
	}
	res, err = m.opts.Pipeline.Write(ctx, ms, "puller:"+p.cfg.Name, "puller")
	return r, res, err
}

// checkError quotes the first problems of a batch the catalog refused.
func checkError(probs []ingest.Problem) error {
	var b strings.Builder
	for i, p := range probs[:min(len(probs), maxProblemsShown)] {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	if n := len(probs) - maxProblemsShown; n > 0 {
		fmt.Fprintf(&b, "; and %d more", n)
	}
	return fmt.Errorf("check against the catalog: %s", b.String())
}

// export updates the metrics after a recorded run.
func (m *Manager) export(name string, st State, err error, d time.Duration) {
	m.metrics.duration.WithLabelValues(name).Observe(d.Seconds())
	m.metrics.failures.WithLabelValues(name).Set(float64(st.ConsecutiveFailures))
	if err != nil {
		m.metrics.runs.WithLabelValues(name, resultFailure).Inc()
		return
	}
	m.metrics.runs.WithLabelValues(name, resultSuccess).Inc()
	m.metrics.lastSuccess.WithLabelValues(name).Set(float64(st.LastSuccess.UnixNano()) / 1e9)
	m.metrics.points.WithLabelValues(name, "new").Add(float64(st.Points.New))
	m.metrics.points.WithLabelValues(name, "revised").Add(float64(st.Points.Revised))
	m.metrics.points.WithLabelValues(name, "unchanged").Add(float64(st.Points.Unchanged))
	m.metrics.skipped.WithLabelValues(name, "no_value").Add(float64(st.Points.NoValue))
	m.metrics.skipped.WithLabelValues(name, "invalid").Add(float64(st.Points.Invalid))
}
