package alerting

import "github.com/jalonhq/jalon/store"

// learnedLate reports whether the miss candidate c is about was learned
// more than settled_after past its deadline: the latest figure, which the
// miss is judged on, first arrived in the store that late (a history
// import, a first push of old figures). Such a miss is history, recorded
// but not paged. A figure whose arrival the store does not know (stored
// before arrivals were) counts as arriving now, when the miss is found.
func (m *Manager) learnedLate(c *candidate) bool {
	e := &c.result.Eval
	if e.Latest == nil || c.k < 0 {
		return false
	}
	arrived := m.opts.Now()
	err := m.opts.Store.View(func(r store.Reader) error {
		id, err := r.SeriesID(c.result.Indicator, c.result.Labels)
		if err != nil {
			return err
		}
		if at, ok := r.ArrivedAt(id, e.Latest.Time); ok {
			arrived = at
		}
		return nil
	})
	if err != nil {
		m.opts.Logger.Warn("arrival of the latest figure unknown, taken as now", "indicator", c.result.Indicator, "err", err)
	}
	return arrived.Sub(c.target.ind.Milestones[c.k].Deadline) > m.opts.Config.SettledAfter
}
