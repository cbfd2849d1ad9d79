package alerting

import (
	"maps"
	"slices"
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
	cfg     *config.Alerting
	rules   []rule
	targets map[string]*target
	puller  targetRule
	assess  targetRule // JalonAssessmentDiverges
}

// target is what the rules need of one indicator.
type target struct {
	ind   *indicators.Indicator
	fixed map[string]string // alertname aside, the labels the rules set
	rules []targetRule      // parallel to ruleset.rules
	// narrow are the overrides whose match may select some of its series;
	// with them, or with territorial parts, the settings depend on the
	// series: variants holds them per combination of what applies.
	narrow   []*config.AlertOverride
	parts    bool
	variants map[string][]targetRule
}

type targetRule struct {
	settings settings
	base     Labels // alertname, axis, indicator, objective, owner, severity, added labels
}

func newRuleset(c *indicators.Catalog, cfg *config.Alerting) *ruleset {
	rs := &ruleset{catalog: c, cfg: cfg, rules: seriesRules(), targets: map[string]*target{}}
	for oi := range c.Objectives {
		o := &c.Objectives[oi]
		axis, _ := c.AxisOf(o.Axis)
		owner := ""
		if len(o.Owners) > 0 {
			owner = o.Owners[0]
		}
		for ii := range o.Indicators {
			ind := &o.Indicators[ii]
			x := &target{ind: ind, fixed: map[string]string{"axis": axis.Name, "indicator": ind.ID, "objective": o.ID, "owner": owner},
				parts: ind.Additive() && len(ind.Milestones) > 0}
			for i := range cfg.Overrides {
				if selects(&cfg.Overrides[i], ind) {
					x.narrow = append(x.narrow, &cfg.Overrides[i])
				}
			}
			x.rules = rs.targetRules(x, series{})
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

// targetRules returns each rule's settings and base labels for a series of
// x.
func (rs *ruleset) targetRules(x *target, ser series) []targetRule {
	out := make([]targetRule, 0, len(rs.rules))
	for _, r := range rs.rules {
		s := seriesSettings(rs.cfg, r, x.ind, ser)
		fixed := maps.Clone(x.fixed)
		fixed["alertname"] = r.name
		out = append(out, targetRule{settings: s, base: baseLabels(fixed, s)})
	}
	return out
}

// rulesFor returns the rules' settings for the series of x with labels ls:
// those of the indicator unless a match or its being a part changes them,
// computed once per combination.
func (rs *ruleset) rulesFor(x *target, ls Labels) []targetRule {
	part := x.parts && isPart(x.ind, ls)
	if len(x.narrow) == 0 && !part {
		return x.rules
	}
	var key [64]byte
	k := key[:0]
	for _, o := range x.narrow {
		k = append(k, boolByte(matchesLabels(o.Match, ls)))
	}
	k = append(k, boolByte(part))
	if trs, ok := x.variants[string(k)]; ok {
		return trs
	}
	if x.variants == nil {
		x.variants = map[string][]targetRule{}
	}
	trs := rs.targetRules(x, series{part: part, matched: func(o *config.AlertOverride) bool { return matchesLabels(o.Match, ls) }})
	x.variants[string(k)] = trs
	return trs
}

func boolByte(b bool) byte {
	if b {
		return '1'
	}
	return '0'
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
		trs := rs.rulesFor(x, r.Labels)
		for ri := range rs.rules {
			tr := &trs[ri]
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
	var dims Labels // the series' own labels, which select its settings
	for _, l := range ls {
		if slices.Contains(x.ind.Dimensions, l.Name) {
			dims = append(dims, l)
		}
	}
	trs := rs.rulesFor(x, dims)
	for ri := range rs.rules {
		if rs.rules[ri].name != name {
			continue
		}
		for _, deadline := range []string{ls.Get("deadline"), ""} {
			if p, ok := partsOf(&candidate{labels: ls, base: trs[ri].base, deadline: deadline}); ok {
				a.labels = p
				return
			}
		}
	}
}
