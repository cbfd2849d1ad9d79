package alerting

import (
	"slices"
	"sort"
	"time"

	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// evaluate runs one cycle on snapshot s at the manager's now: rules, state
// transitions, notifications, and one transaction recording the new states
// with the notifications they cause.
func (m *Manager) evaluate(s *evaluator.Snapshot) error {
	start := time.Now()
	defer func() { m.metrics.evalDuration.Observe(time.Since(start).Seconds()) }()
	now := m.opts.Now()
	var pullers []PullerState
	if m.opts.Pullers != nil {
		pullers = m.opts.Pullers()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rules == nil || m.rules.catalog != s.Catalog {
		m.rules = newRuleset(s.Catalog, &m.opts.Config)
	}
	m.cycle++
	var divergences []Divergence
	if m.opts.Divergences != nil {
		divergences = m.opts.Divergences()
	}
	m.rules.eval(s, pullers, divergences, m.observe)
	fired, resolved, forgotten := m.advance(now)
	adds := append(m.unsaved, m.webhookNotifications(now, fired, resolved)...)
	sending := m.sending(now)
	return m.commit(now, adds, sending, forgotten)
}

// observe records that c's condition holds in this cycle. Annotations are
// written again only when the figures they quote changed: formatting them
// is most of the cost of a cycle.
func (m *Manager) observe(c *candidate) {
	a := m.alerts[c.fp]
	if a == nil {
		a = &alert{fp: c.fp, state: StateInactive}
		if c.rule >= 0 && m.rules.rules[c.rule].name == rulename.DeadlineMissed {
			a.settle = m.learnedLate(c)
		}
		m.alerts[c.fp] = a
	}
	if a.labels.base == nil {
		// New, or read from the store: from now on the alert shares its
		// rule's labels.
		if p, ok := partsOf(c); ok {
			a.labels = p
		} else if a.labels.own == nil {
			a.labels.own = slices.Clone(c.labels)
		}
	}
	a.seen, a.forDur = m.cycle, c.forDur
	key := annotationKeyOf(c)
	if a.annotations != nil && key == a.annKey {
		return
	}
	var ann Labels
	switch {
	case c.puller != nil:
		ann = m.annotator.puller(*c.puller, c.labels)
		// The pullers' page, where a person sees every puller's last runs
		// and errors; the JSON API is for programs.
		a.generatorURL = m.opts.Config.ExternalURL + "/pullers"
	case c.divergence != nil:
		ann = m.annotator.divergence(*c.divergence, c.labels)
		a.generatorURL = m.opts.Config.ExternalURL + "/objectives/" + c.divergence.Objective + "#assessment"
	default:
		ann = m.annotator.series(&m.rules.rules[c.rule], c.target, c.labels, &c.result.Eval, c.k)
		a.generatorURL = m.annotator.indicatorURL(c.target.ind.ID)
	}
	a.annKey = key
	if !slices.Equal(ann, a.annotations) {
		a.annotations, a.noticeAnn, a.dirty = ann, nil, true
	}
}

// advance steps every alert, returning those that fired or resolved, in
// label order, and the fingerprints of those to forget.
func (m *Manager) advance(now time.Time) (fired, resolved []*alert, forgotten []uint64) {
	for fp, a := range m.alerts {
		wasNew := a.state == StateInactive
		ev, forget := a.step(now, a.seen == m.cycle, m.opts.Config.ResolvedRetention)
		switch ev {
		case evFired:
			fired = append(fired, a)
		case evResolved:
			resolved = append(resolved, a)
		}
		if forget {
			delete(m.alerts, fp)
			if !wasNew {
				forgotten = append(forgotten, fp)
			}
		}
	}
	if slices.ContainsFunc(m.outbox.receivers, func(r *receiver) bool { return !r.coalesce }) {
		byLabels := func(as []*alert) {
			ls := make(map[*alert]Labels, len(as))
			for _, a := range as {
				ls[a] = a.labels.get(nil)
			}
			sort.Slice(as, func(i, j int) bool { return labelsLess(ls[as[i]], ls[as[j]]) })
		}
		byLabels(fired) // webhook notifications list alerts in label order
		byLabels(resolved)
	}
	return fired, resolved, forgotten
}

// webhookNotifications tells each webhook of the alerts that fired and
// those that resolved, in notifications of at most webhookAlerts alerts.
func (m *Manager) webhookNotifications(now time.Time, fired, resolved []*alert) []planned {
	var out []planned
	for _, r := range m.outbox.receivers {
		if r.coalesce {
			continue
		}
		for _, group := range [][]*alert{fired, resolved} {
			for chunk := range slices.Chunk(group, webhookAlerts) {
				e := &entry{ID: newID(), Created: now, Status: string(stateOf(chunk[0])), durable: true}
				for _, a := range chunk {
					e.Alerts = append(e.Alerts, a.notice())
				}
				out = append(out, planned{r, e})
			}
		}
	}
	return out
}

// sending returns the alerts Alertmanagers must be sent now.
func (m *Manager) sending(now time.Time) []*alert {
	if !slices.ContainsFunc(m.outbox.receivers, func(r *receiver) bool { return r.coalesce }) {
		return nil
	}
	var out []*alert
	for _, a := range m.alerts {
		if a.needsSending(now, m.opts.Config.ResendDelay) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].fp < out[j].fp })
	return out
}
