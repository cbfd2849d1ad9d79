package alerting

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
)

// promVariant is the part of an indicator's series that one set of
// settings applies to in the generated rules: those the label matchers
// select (labels, PromQL matchers), less those the unless clause drops.
type promVariant struct {
	settings settings
	labels   string
	unless   string
}

// promMatcher is one selection of series that may change a rule's settings:
// an override's match, or the national series of an indicator whose
// territorial parts the rule treats apart.
type promMatcher struct {
	labels   map[string]string
	override *config.AlertOverride // nil: the national series
}

// promVariants splits ind's series for rule r the way the Go evaluation
// does (seriesSettings): for each combination of the matchers that may
// apply, the series selected by exactly those. PromQL cannot negate a
// selector of several labels, so the matchers left out become an unless
// clause on the series' labels. Combinations whose matchers contradict
// each other select nothing and are skipped.
func promVariants(cfg *config.Alerting, r rule, ind *indicators.Indicator) []promVariant {
	var ms []promMatcher
	for i := range cfg.Overrides {
		if o := &cfg.Overrides[i]; selects(o, ind) && (o.Rule == "" || o.Rule == r.name) {
			ms = append(ms, promMatcher{labels: o.Match, override: o})
		}
	}
	if r.name == rulename.DataStale && ind.Additive() && len(ind.Milestones) > 0 && len(ind.Dimensions) > 0 {
		national := map[string]string{}
		for _, d := range ind.Dimensions {
			national[d] = ""
		}
		ms = append(ms, promMatcher{labels: national})
	}
	if len(ms) == 0 || len(ms) > 10 { // beyond, 2^n rules: the indicator's settings
		return []promVariant{{settings: indicatorSettings(cfg, r, ind)}}
	}
	var out []promVariant
	for set := 0; set < 1<<len(ms); set++ {
		sel, ok := joinMatchers(ms, set)
		if !ok {
			continue
		}
		v, ok := promVariantOf(ms, set, sel)
		if !ok {
			continue
		}
		v.settings = seriesSettings(cfg, r, ind, seriesIn(ms, set))
		out = append(out, v)
	}
	return out
}

// seriesIn is what the series selected by exactly the matchers in set
// have: the overrides that apply, and whether they are a part (not the
// national series, when that is one of the matchers).
func seriesIn(ms []promMatcher, set int) series {
	in := map[*config.AlertOverride]bool{}
	part := false
	for i, m := range ms {
		switch {
		case m.override == nil:
			part = set&(1<<i) == 0
		case set&(1<<i) != 0:
			in[m.override] = true
		}
	}
	return series{matched: func(o *config.AlertOverride) bool { return in[o] }, part: part}
}

// joinMatchers merges the labels of the matchers in set, or reports that
// they contradict each other.
func joinMatchers(ms []promMatcher, set int) (map[string]string, bool) {
	sel := map[string]string{}
	for i, m := range ms {
		if set&(1<<i) == 0 {
			continue
		}
		for k, v := range m.labels {
			if old, ok := sel[k]; ok && old != v {
				return nil, false
			}
			sel[k] = v
		}
	}
	return sel, true
}

// promVariantOf writes the selection sel less the matchers outside set: a
// matcher that sel already implies makes the combination empty, one that
// contradicts sel needs no clause.
func promVariantOf(ms []promMatcher, set int, sel map[string]string) (promVariant, bool) {
	var unless []string
	for i, m := range ms {
		if set&(1<<i) != 0 {
			continue
		}
		implied, contradicts := true, false
		for k, v := range m.labels {
			old, ok := sel[k]
			implied = implied && ok && old == v
			contradicts = contradicts || ok && old != v
		}
		switch {
		case implied:
			return promVariant{}, false
		case !contradicts:
			names := slices.Sorted(maps.Keys(m.labels))
			unless = append(unless, fmt.Sprintf("\nunless on (job, instance, indicator, %s) jalon_indicator_status{%s}",
				strings.Join(names, ", "), labelMatchers(m.labels)))
		}
	}
	return promVariant{labels: labelMatchers(sel), unless: strings.Join(unless, "")}, true
}

// labelMatchers writes m as PromQL equality matchers, sorted by name.
func labelMatchers(m map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+quote(m[k]))
	}
	return strings.Join(parts, ", ")
}

// withUnless wraps expr so that unless applies to all of it.
func withUnless(expr, unless string) string {
	if unless == "" {
		return expr
	}
	return "(\n" + expr + "\n)" + unless
}
