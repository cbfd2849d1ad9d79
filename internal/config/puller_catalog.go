package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// Problem returns a problem about the puller's key (a path below the
// puller such as "indicator" or "csv.label_columns.region"), placed on the
// line of that key or of the nearest enclosing one written in the file.
func (p Puller) Problem(key, format string, args ...any) tomlcheck.Problem {
	return p.Pos.problem("puller", key, fmt.Sprintf("puller %q: ", p.Name)+fmt.Sprintf(format, args...))
}

// CheckPullers checks the pullers against a catalog: each fixed indicator
// must be in it, and every label a puller sets or maps must be one of that
// indicator's dimensions. The daemon configuration does not know the
// catalog, so this runs once both are loaded.
func CheckPullers(ps []Puller, c *indicators.Catalog) tomlcheck.Problems {
	byID := map[string]*indicators.Indicator{}
	for oi := range c.Objectives {
		for ii := range c.Objectives[oi].Indicators {
			ind := &c.Objectives[oi].Indicators[ii]
			byID[ind.ID] = ind
		}
	}
	var probs tomlcheck.Problems
	for _, p := range ps {
		if p.Indicator == "" {
			continue
		}
		ind, ok := byID[p.Indicator]
		if !ok {
			probs = append(probs, p.Problem("indicator", "%q is not in the catalog", p.Indicator))
			continue
		}
		for _, key := range p.labelKeys() {
			name := key[strings.LastIndex(key, ".")+1:]
			if !slices.Contains(ind.Dimensions, name) {
				probs = append(probs, p.Problem(key, "label %q is not a dimension of %s (%s)", name, ind.ID, dimensionsText(ind)))
			}
		}
	}
	return probs
}

// labelKeys lists the keys that set or map a label, as paths below the
// puller.
func (p Puller) labelKeys() []string {
	var keys []string
	add := func(prefix string, m map[string]string) {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			keys = append(keys, prefix+"."+name)
		}
	}
	add("labels", p.Labels)
	if p.CSV != nil {
		add("csv.label_columns", p.CSV.LabelColumns)
	}
	if p.JSON != nil {
		add("json.labels", p.JSON.Labels)
	}
	if p.Prometheus != nil {
		add("prometheus.labels", p.Prometheus.Labels)
	}
	return keys
}

func dimensionsText(ind *indicators.Indicator) string {
	if len(ind.Dimensions) == 0 {
		return "it takes no labels"
	}
	return "allowed: " + strings.Join(ind.Dimensions, ", ")
}
