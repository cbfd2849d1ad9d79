package alerting

import (
	"maps"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
)

// settings are a rule's effective settings for one indicator, after the
// configuration's overrides.
type settings struct {
	disabled    bool
	forDur      time.Duration
	severity    string
	probability float64
	failures    int
	extra       map[string]string // added labels
}

// defaults are the rule's built-in settings for a series; part: the series
// is a territorial part of an additive indicator with national targets.
// Such a part adds up to the national figure, whose own staleness pages:
// a late regional figure would otherwise page once per region.
func defaults(r rule, part bool) settings {
	s := settings{forDur: r.forDur, severity: r.severity, probability: defaultProbability, failures: defaultFailures}
	s.disabled = part && r.name == rulename.DataStale
	return s
}

// apply lays o over s: set fields win, labels add up.
func (s settings) apply(o config.AlertSettings) settings {
	if o.Disabled != nil {
		s.disabled = *o.Disabled
	}
	if o.For != nil {
		s.forDur = *o.For
	}
	if o.Severity != "" {
		s.severity = o.Severity
	}
	if o.Probability != nil {
		s.probability = *o.Probability
	}
	if o.Failures > 0 {
		s.failures = o.Failures
	}
	if len(o.Labels) > 0 {
		s.extra = maps.Clone(s.extra)
		if s.extra == nil {
			s.extra = map[string]string{}
		}
		maps.Copy(s.extra, o.Labels)
	}
	return s
}

// ruleSettings returns rule r's settings at the rule level: the built-in
// defaults and [alerting.rule.<name>].
func ruleSettings(cfg *config.Alerting, r rule) settings {
	return defaults(r, false).apply(cfg.Rules[r.name])
}

// indicatorSettings returns rule r's settings for the series of ind that
// no override's match selects, and that are not a territorial part.
func indicatorSettings(cfg *config.Alerting, r rule, ind *indicators.Indicator) settings {
	return seriesSettings(cfg, r, ind, series{})
}

// series says what the overrides' matchers and the built-in defaults need
// of one series of an indicator.
type series struct {
	// matched reports whether the override's match selects the series;
	// nil: none does.
	matched func(o *config.AlertOverride) bool
	part    bool
}

// seriesSettings returns rule r's settings for a series of ind: the rule
// level, then the overrides of every indicator (match alone), of the
// objective, of the indicator; at each level the override for every rule
// first, then the rule's own, and for each of them those without match
// before those with, which are narrower.
func seriesSettings(cfg *config.Alerting, r rule, ind *indicators.Indicator, ser series) settings {
	s := defaults(r, ser.part).apply(cfg.Rules[r.name])
	for _, level := range []func(o *config.AlertOverride) bool{
		func(o *config.AlertOverride) bool { return o.Objective == "" && o.Indicator == "" },
		func(o *config.AlertOverride) bool { return o.Objective != "" && o.Objective == ind.Objective },
		func(o *config.AlertOverride) bool { return o.Indicator != "" && o.Indicator == ind.ID },
	} {
		for _, ruleName := range []string{"", r.name} {
			for _, narrow := range []bool{false, true} {
				for i := range cfg.Overrides {
					o := &cfg.Overrides[i]
					if !level(o) || o.Rule != ruleName || (o.Match != nil) != narrow {
						continue
					}
					if !narrow || ser.matched != nil && ser.matched(o) {
						s = s.apply(o.AlertSettings)
					}
				}
			}
		}
	}
	return s
}

// selects reports whether o, an override with match, concerns the series
// of ind for some rule.
func selects(o *config.AlertOverride, ind *indicators.Indicator) bool {
	return o.Match != nil && (o.Indicator == ind.ID || o.Objective == ind.Objective || o.Indicator == "" && o.Objective == "")
}

// matchesLabels reports whether a series with labels ls has every label
// of match at its value; an empty value means the label is absent.
func matchesLabels(match map[string]string, ls Labels) bool {
	for name, v := range match {
		if ls.Get(name) != v {
			return false
		}
	}
	return true
}

// isPart reports whether the series of ind with labels ls is a territorial
// part of an additive indicator whose targets are national, which the
// evaluator judges without targets (evaluator: Indicator.Breakdown).
func isPart(ind *indicators.Indicator, ls Labels) bool {
	return len(ls) > 0 && ind.Additive() && len(ind.Milestones) > 0
}
