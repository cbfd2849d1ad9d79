package config

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

type alertSettingsFile struct {
	Disabled    value `toml:"disabled"`
	For         value `toml:"for"`
	Severity    value `toml:"severity"`
	Probability value `toml:"probability"`
	Failures    value `toml:"failures"`
	Labels      value `toml:"labels"`
}

type alertOverrideFile struct {
	Indicator value `toml:"indicator"`
	Objective value `toml:"objective"`
	Rule      value `toml:"rule"`
	Match     value `toml:"match"`
	alertSettingsFile
}

// validLabelName reports whether s follows Prometheus' label name syntax,
// [a-zA-Z_][a-zA-Z0-9_]*.
func validLabelName(s string) bool {
	for i, r := range s {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return s != ""
}

// reservedLabels are set by the rules themselves: identity labels an
// added label may not replace (severity has its own key).
func reservedLabel(name string) bool {
	switch name {
	case "alertname", "alertstate", "indicator", "objective", "severity", "deadline", "puller":
		return true
	}
	return len(name) >= 2 && name[:2] == "__"
}

// alertRules reads the [alerting.rule.<name>] tables.
func (c *checker) alertRules(fs map[string]alertSettingsFile) map[string]AlertSettings {
	if len(fs) == 0 {
		return nil
	}
	names := make([]string, 0, len(fs))
	for name := range fs {
		names = append(names, name)
	}
	sort.Strings(names) // problems in a stable order
	out := make(map[string]AlertSettings, len(fs))
	for _, name := range names {
		p := "alerting.rule." + name
		if !slices.Contains(rulename.All(), name) {
			c.Errorf(p, "unknown rule %q (one of %v)", name, rulename.All())
			continue
		}
		out[name] = c.alertSettings(p, fs[name], name)
	}
	return out
}

// alertOverrides reads the [[alerting.override]] tables: each selects
// exactly one indicator or objective, at most once per rule.
func (c *checker) alertOverrides(fs []alertOverrideFile) []AlertOverride {
	var out []AlertOverride
	seen := map[string]string{}
	for i, f := range fs {
		p := fmt.Sprintf("alerting.override[%d]", i)
		o := AlertOverride{Indicator: c.Str(p+".indicator", f.Indicator, ""), Objective: c.Str(p+".objective", f.Objective, ""), Pos: c.pos(p)}
		o.Match = c.alertMatch(p+".match", f.Match)
		switch {
		case o.Indicator != "" && o.Objective != "":
			c.Errorf(p, "set at most one of indicator and objective")
		case o.Indicator == "" && o.Objective == "" && o.Match == nil:
			c.Errorf(p, "set one of indicator and objective, or match to select series of every indicator")
		}
		o.Rule = c.Str(p+".rule", f.Rule, "")
		switch {
		case o.Rule == rulename.PullerFailing:
			c.Errorf(p+".rule", "%s alerts belong to pullers, not indicators: set it in [alerting.rule.%s]", o.Rule, o.Rule)
		case o.Rule != "" && !slices.Contains(rulename.All(), o.Rule):
			c.Errorf(p+".rule", "unknown rule %q (one of %v)", o.Rule, rulename.All())
		}
		o.AlertSettings = c.alertSettings(p, f.alertSettingsFile, o.Rule)
		key := o.Indicator + "\x00" + o.Objective + "\x00" + o.Rule + "\x00" + fmt.Sprint(o.Match)
		if first, dup := seen[key]; dup {
			c.Errorf(p, "same indicator or objective, rule and match as the override at line %d", c.Line(first))
		}
		seen[key] = p
		out = append(out, o)
	}
	return out
}

// alertSettings reads the settings of a rule (rule "" for an override of
// every rule); thresholds are accepted only where they mean something.
func (c *checker) alertSettings(p string, f alertSettingsFile, rule string) AlertSettings {
	s := AlertSettings{Severity: c.Str(p+".severity", f.Severity, ""), Labels: c.alertLabels(p+".labels", f.Labels)}
	if f.Disabled.Set {
		b := c.Boolean(p+".disabled", f.Disabled, false)
		s.Disabled = &b
	}
	if f.For.Set {
		s.For = c.forDuration(p+".for", f.For)
	}
	if f.Severity.Set && s.Severity == "" {
		c.Errorf(p+".severity", "must not be empty")
	}
	if f.Probability.Set {
		s.Probability = c.probability(p+".probability", f.Probability, rule)
	}
	if f.Failures.Set {
		if rule != rulename.PullerFailing {
			c.Errorf(p+".failures", "only %s has a failures threshold", rulename.PullerFailing)
		} else {
			s.Failures, _ = c.Integer(p+".failures", f.Failures)
		}
	}
	return s
}

func (c *checker) probability(path string, v value, rule string) *float64 {
	if rule != "" && rule != rulename.ForecastMissesTarget {
		c.Errorf(path, "only %s has a probability threshold", rulename.ForecastMissesTarget)
		return nil
	}
	f, ok := c.Number(path, v)
	if !ok {
		return nil
	}
	if f < 0 || f > 1 {
		c.Errorf(path, "must be between 0 and 1, not %v", f)
		return nil
	}
	return &f
}

// forDuration reads a rule's for: a duration that may be zero ("0s": fire
// at the first evaluation that finds the condition).
func (c *checker) forDuration(path string, v value) *time.Duration {
	s, ok := v.Raw.(string)
	if !ok {
		c.TypeErrorf(path, "must be a duration string such as \"1h\", not %s", tomlcheck.TypeName(v.Raw))
		return nil
	}
	d, err := tomlcheck.ParseDuration(s)
	switch {
	case tomlcheck.IsNegativeDuration(s):
		c.Errorf(path, "%q must not be negative (\"0s\" fires at the first evaluation that finds the condition)", s)
	case err != nil || d > math.MaxInt64/2:
		c.Errorf(path, tomlcheck.NotDuration, s)
	default:
		return &d
	}
	return nil
}

// alertLabels reads an inline table of added labels.
func (c *checker) alertLabels(path string, v value) map[string]string {
	if !v.Set {
		return nil
	}
	m, ok := v.Raw.(map[string]any)
	if !ok {
		c.TypeErrorf(path, "must be a table of strings such as { team = \"cnam\" }, not %s", tomlcheck.TypeName(v.Raw))
		return nil
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make(map[string]string, len(m))
	for _, name := range names {
		s, isStr := m[name].(string)
		switch {
		case !validLabelName(name):
			c.Errorf(tomlcheck.JoinPath(path, name), "%q is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)", name)
		case reservedLabel(name):
			c.Errorf(tomlcheck.JoinPath(path, name), "label %q is set by the rules and cannot be added", name)
		case !isStr || s == "":
			c.Errorf(tomlcheck.JoinPath(path, name), "must be a non-empty string")
		default:
			out[name] = s
		}
	}
	return out
}
