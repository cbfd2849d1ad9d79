package alerting

import (
	"slices"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// AlertsIn is Alerts with the summaries and descriptions in lang, for a
// page in another language than the notifications': each is written again
// from the latest evaluation. An alert whose condition no longer holds
// there (resolved, or its series gone) keeps the text it was sent with.
func (m *Manager) AlertsIn(lang indicators.Lang) []Alert {
	out := m.Alerts()
	if tr(lang) == m.annotator.lang || lang == "" && m.annotator.lang == tr(indicators.English) {
		return out
	}
	s := m.opts.Snapshot()
	var pullers []PullerState
	if m.opts.Pullers != nil {
		pullers = m.opts.Pullers()
	}
	alt := &annotator{externalURL: m.annotator.externalURL, runbook: m.annotator.runbook, lang: tr(lang)}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range out {
		if ann := m.annotationsIn(alt, s, pullers, out[i].Labels); ann != nil {
			out[i].Annotations = annotationMap(ann)
		}
	}
	return out
}

// annotationsIn writes the annotations of the alert with labels ls with
// alt, or returns nil if its condition does not hold in s. m.mu is held.
func (m *Manager) annotationsIn(alt *annotator, s *evaluator.Snapshot, pullers []PullerState, ls Labels) Labels {
	if name := ls.Get("puller"); name != "" {
		i := slices.IndexFunc(pullers, func(p PullerState) bool { return p.Name == name })
		if i < 0 {
			return nil
		}
		return alt.puller(pullers[i], ls)
	}
	if m.rules == nil || s == nil || m.rules.catalog != s.Catalog {
		return nil
	}
	x := m.rules.targets[ls.Get("indicator")]
	ri := slices.IndexFunc(m.rules.rules, func(r rule) bool { return r.name == ls.Get("alertname") })
	if x == nil || ri < 0 {
		return nil
	}
	for _, res := range s.Of(x.ind.ID) {
		if !sameSeries(x.ind, res.Labels, ls) || res.Eval.Latest == nil {
			continue
		}
		r := &m.rules.rules[ri]
		tr := &m.rules.rulesFor(x, res.Labels)[ri]
		k, ok := r.match(x.ind, &res.Eval, &tr.settings)
		if !ok || r.deadline && k >= 0 && day(x.ind.Milestones[k].Deadline) != ls.Get("deadline") {
			return nil
		}
		return alt.series(r, x, ls, &res.Eval, k)
	}
	return nil
}

// sameSeries reports whether an alert's labels ls are of the series of ind
// with labels series: the same value, or none, for each of its dimensions
// and of the series' labels.
func sameSeries(ind *indicators.Indicator, series, ls Labels) bool {
	for _, l := range series {
		if ls.Get(l.Name) != l.Value {
			return false
		}
	}
	for _, d := range ind.Dimensions {
		if ls.Get(d) != series.Get(d) {
			return false
		}
	}
	return true
}
