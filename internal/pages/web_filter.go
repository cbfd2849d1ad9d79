package pages

import (
	"slices"
	"strconv"

	"github.com/jalonhq/jalon/indicators"
)

// filterForm is the roadmap's filter form: plain selects submitted with GET,
// so that filtering works without JavaScript and every view has a URL.
type filterForm struct {
	Axes, Owners, Statuses, Confidences []formOption
	Lang                                string // hidden lang input when the language was chosen explicitly
	Reset                               string // the unfiltered table
}

// formOption is one choice of a select. FR marks a label in the catalog's French.
type formOption struct {
	Value, Label string
	Selected, FR bool
}

func (p *pages) filterForm(l *lang, c *indicators.Catalog, f roadmapFilter) filterForm {
	form := filterForm{Reset: l.Href("/", nil)}
	if l.explicit {
		form.Lang = l.Code
	}
	for _, a := range c.Axes {
		v := strconv.Itoa(a.ID)
		label := v + " · " + a.Name
		form.Axes = append(form.Axes, formOption{Value: v, Label: label, Selected: slices.Contains(f.Axes, v), FR: true})
	}
	for _, ow := range catalogOwners(c) {
		form.Owners = append(form.Owners, formOption{Value: ow, Label: ow, Selected: slices.Contains(f.Owners, ow)})
	}
	for _, st := range indicators.Statuses {
		form.Statuses = append(form.Statuses, formOption{Value: string(st), Label: l.statusText(st),
			Selected: slices.Contains(f.Statuses, string(st))})
	}
	for _, cf := range indicators.Confidences {
		form.Confidences = append(form.Confidences, formOption{Value: string(cf), Label: l.confidenceText(cf),
			Selected: slices.Contains(f.Confidences, string(cf))})
	}
	return form
}

// catalogOwners lists every owner named by the catalog, in alphabetical order.
func catalogOwners(c *indicators.Catalog) []string {
	var out []string
	for _, o := range c.Objectives {
		for _, ow := range o.Owners {
			if !slices.Contains(out, ow) {
				out = append(out, ow)
			}
		}
	}
	slices.Sort(out)
	return out
}
