package config

import (
	"sort"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// alertMatch reads an override's label matchers, an inline table such as
// { region = "84" }. An empty value is kept: it selects the series without
// the label (the national series, for a territorial label).
func (c *checker) alertMatch(path string, v value) map[string]string {
	if !v.Set {
		return nil
	}
	m, ok := v.Raw.(map[string]any)
	if !ok || len(m) == 0 {
		c.TypeErrorf(path, "must be a non-empty table of label values such as { region = \"84\" } (\"\" matches series without the label), not %s", tomlcheck.TypeName(v.Raw))
		return nil
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names) // problems in a stable order
	out := make(map[string]string, len(m))
	for _, name := range names {
		s, isStr := m[name].(string)
		key := tomlcheck.JoinPath(path, name)
		switch {
		case !validLabelName(name):
			c.Errorf(key, "%q is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)", name)
		case reservedLabel(name) || name == "axis" || name == "owner":
			c.Errorf(key, "label %q is the rules' own, not a series label: select by indicator or objective instead", name)
		case !isStr:
			c.Errorf(key, "must be a string (\"\" matches series without the label), not %s", tomlcheck.TypeName(m[name]))
		default:
			out[name] = s
		}
	}
	return out
}
