package territory

import (
	"strings"

	"github.com/jalonhq/jalon/indicators"
)

// PartName names a territorial part, a label set, for people: "Lyon (69),
// Auvergne-Rhône-Alpes (84)". The API, the pages and the reports name a
// part the same way through it. On nil Codes (the tables failed to load)
// every label shows as name=value.
func (c *Codes) PartName(ls indicators.Labels) string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.Name + "=" + l.Value
		if c != nil {
			names[i] = c.LabelText(l.Name, l.Value)
		}
	}
	return strings.Join(names, ", ")
}
