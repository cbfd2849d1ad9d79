package collector

import (
	"context"
	"time"
)

// loop starts p at each time of its schedule until ctx ends; resume takes
// the first slot from p's last run (RunTerm).
func (m *Manager) loop(ctx context.Context, p *puller, resume bool) {
	for {
		now := m.opts.Now()
		next := p.sched.Next(now.In(p.cfg.Timezone))
		if resume {
			next, resume = m.firstSlot(p, now), false
		}
		p.setNext(next)
		t := time.NewTimer(next.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		m.start(ctx, p)
	}
}

// start runs p in the background, unless a run of p is still going: then
// this run is skipped, not stacked behind it, and counted.
func (m *Manager) start(ctx context.Context, p *puller) {
	if !p.running.CompareAndSwap(false, true) {
		m.metrics.runs.WithLabelValues(p.cfg.Name, resultSkipped).Inc()
		m.logger.Warn("run skipped: the previous run is still going", "collector", p.cfg.Name)
		return
	}
	m.runs.Go(func() {
		defer p.running.Store(false)
		m.runOnce(ctx, p)
	})
}
