package alerting

import (
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// ruleset is the rules as they apply to one catalog: per indicator, each
// rule's settings and base labels, computed once per catalog so that
// evaluating a series costs map lookups, not override resolution.
type ruleset struct {
	catalog *indicators.Catalog
	rules   []rule
	targets map[string]*target
	puller  targetRule
	assess  targetRule // JalonAssessmentDiverges
}

// target is what the rules need of one indicator.
type target struct {
	ind   *indicators.Indicator
	rules []targetRule // parallel to ruleset.rules
}

type targetRule struct {
	settings settings
	base     Labels // alertname, axis, indicator, objective, owner, severity, added labels
}

func newRuleset(c *indicators.Catalog, cfg *config.Alerting) *ruleset {
	rs := &ruleset{catalog: c, rules: seriesRules(), targets: map[string]*target{}}
	for oi := range c.Objectives {
		o := &c.Objectives[oi]
		axis, _ := c.AxisOf(o.Axis)
		owner := ""
		if len(o.Owners) > 0 {
			owner = o.Owners[0]
		}
		for ii := range o.Indicators {
			ind := &o.Indicators[ii]
			x := &target{ind: ind}
			for _, r := range rs.rules {
				s := indicatorSettings(cfg, r, ind)
				fixed := map[string]string{"alertname": r.name, "axis": axis.Name, "indicator": ind.ID,
					"objective": o.ID, "owner": owner}
				x.rules = append(x.rules, targetRule{settings: s, base: baseLabels(fixed, s)})
			}
			rs.targets[ind.ID] = x
		}
	}
	pr := pullerRule()
	ps := ruleSettings(cfg, pr)
	rs.puller = targetRule{settings: ps, base: baseLabels(map[string]string{"alertname": pr.name}, ps)}
	ar := assessmentRule()
	as := ruleSettings(cfg, ar)
	rs.assess = targetRule{settings: as, base: baseLabels(map[string]string{"alertname": ar.name}, as)}
	return rs
}

// baseLabels merges a rule's fixed labels with its settings: the added
// labels may replace owner and axis (routing), never the identity.
func baseLabels(fixed map[string]string, s settings) Labels {
	m := map[string]string{}
	for k, v := range s.extra {
		m[k] = v
	}
	for k, v := range fixed {
		if _, routing := m[k]; !routing || (k != "owner" && k != "axis") {
			m[k] = v
		}
	}
	m["severity"] = s.severity
	for k, v := range m {
		if v == "" {
			delete(m, k) // an empty label is no label, as in Prometheus
		}
	}
	return indicators.NewLabels(m)
}

// candidate is one alert whose condition holds in this evaluation.
type candidate struct {
	labels Labels // sorted; scratch space, cloned by whoever keeps it
	// base and deadline are what labels were merged from with the
	// series' labels; base is nil for a puller.
	base     Labels
	deadline string
	fp       uint64
	rule     int // index in ruleset.rules, -1 for JalonPullerFailing
	forDur   time.Duration
	target   *target
	result   *evaluator.Result
	k        int
	puller   *PullerState
	// divergence is set for JalonAssessmentDiverges (rule -2).
	divergence *Divergence
}

// eval calls emit for each rule whose condition holds, on every result of
// s and every puller. emit must not keep c or c.labels.
func (rs *ruleset) eval(s *evaluator.Snapshot, pullers []PullerState, divergences []Divergence, emit func(c *candidate)) {
	var c candidate
	var scratch Labels
	for i := range s.Results {
		r := &s.Results[i]
		x := rs.targets[r.Indicator]
		if x == nil || r.Eval.Latest == nil {
			continue // no data: nothing is judged, nothing alerts
		}
		for ri := range rs.rules {
			tr := &x.rules[ri]
			if tr.settings.disabled {
				continue
			}
			k, ok := rs.rules[ri].match(x.ind, &r.Eval, &tr.settings)
			if !ok {
				continue
			}
			deadline := ""
			if k >= 0 && rs.rules[ri].deadline {
				deadline = day(x.ind.Milestones[k].Deadline)
			}
			scratch = mergeLabels(scratch, tr.base, r.Labels, deadline)
			c = candidate{labels: scratch, base: tr.base, deadline: deadline, fp: fingerprint(scratch), rule: ri, forDur: tr.settings.forDur, target: x, result: r, k: k}
			emit(&c)
		}
	}
	rs.evalPullers(pullers, emit)
	rs.evalDivergences(divergences, emit)
}

func (rs *ruleset) evalPullers(pullers []PullerState, emit func(c *candidate)) {
	s := &rs.puller.settings
	if s.disabled {
		return
	}
	for i := range pullers {
		p := &pullers[i]
		if p.ConsecutiveFailures < s.failures {
			continue
		}
		ls := mergeLabels(nil, rs.puller.base, Labels{{Name: "puller", Value: p.Name}}, "")
		emit(&candidate{labels: ls, fp: fingerprint(ls), rule: -1, forDur: s.forDur, puller: p, k: -1})
	}
}

// share gives an alert read from the store the parts of its labels, as its
// rule would make them, if they merge back to its labels exactly. Whether
// its deadline label came from the rule or from the series, either split
// merges back the same.
func (rs *ruleset) share(a *alert) {
	ls := a.labels.own
	x := rs.targets[ls.Get("indicator")]
	if a.labels.base != nil || x == nil {
		return
	}
	name := ls.Get("alertname")
	for ri := range rs.rules {
		if rs.rules[ri].name != name {
			continue
		}
		for _, deadline := range []string{ls.Get("deadline"), ""} {
			if p, ok := partsOf(&candidate{labels: ls, base: x.rules[ri].base, deadline: deadline}); ok {
				a.labels = p
				return
			}
		}
	}
}
