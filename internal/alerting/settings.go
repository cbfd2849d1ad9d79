package alerting

import (
	"maps"
	"time"

	"github.com/jalonhq/jalon/indicators"
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

func defaults(r rule) settings {
	return settings{forDur: r.forDur, severity: r.severity, probability: defaultProbability, failures: defaultFailures}
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
	return defaults(r).apply(cfg.Rules[r.name])
}

// indicatorSettings returns rule r's settings for ind of objective obj: the
// rule level, then the objective's overrides, then the indicator's; at each
// level the override for every rule first, then the rule's own.
func indicatorSettings(cfg *config.Alerting, r rule, ind *indicators.Indicator) settings {
	s := ruleSettings(cfg, r)
	for _, level := range []func(o *config.AlertOverride) bool{
		func(o *config.AlertOverride) bool { return o.Objective != "" && o.Objective == ind.Objective },
		func(o *config.AlertOverride) bool { return o.Indicator != "" && o.Indicator == ind.ID },
	} {
		for _, ruleName := range []string{"", r.name} {
			for i := range cfg.Overrides {
				if o := &cfg.Overrides[i]; level(o) && o.Rule == ruleName {
					s = s.apply(o.AlertSettings)
				}
			}
		}
	}
	return s
}
