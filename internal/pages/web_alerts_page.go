package pages

import (
	"net/http"
	"slices"

	"github.com/jalonhq/jalon/indicators"
)

// webAlertsPage is /alerts: the alerts grouped by objective, filtered by
// the form's plain GET selects, so that every view has a URL and needs no
// JavaScript.
type webAlertsPage struct {
	pageBase
	Alerts       webAlertSection
	Form         alertFilterForm
	Groups       []webAlertGroup
	Shown, Total int
}

// webAlertGroup is the alerts of one objective, or of Jalon itself (ID "").
type webAlertGroup struct {
	ID, Title, Href string
	Rows            []webAlertRow
}

// alertFilter is the query of /alerts; an empty field keeps every alert.
type alertFilter struct{ State, Severity, Rule, Objective string }

func (f alertFilter) Active() bool { return f != alertFilter{} }

func parseAlertFilter(r *http.Request) alertFilter {
	q := r.URL.Query()
	return alertFilter{State: q.Get("state"), Severity: q.Get("severity"), Rule: q.Get("rule"), Objective: q.Get("objective")}
}

func (f alertFilter) keeps(row *webAlertRow) bool {
	return (f.State == "" || f.State == row.StateCode) && (f.Severity == "" || f.Severity == row.Severity) &&
		(f.Rule == "" || f.Rule == row.Name) && (f.Objective == "" || f.Objective == row.Objective)
}

// alertFilterForm offers the states, and the severities, rules and
// objectives the alerts have.
type alertFilterForm struct {
	Selects []alertSelect
	Lang    string // hidden lang input when the language was chosen explicitly
	Reset   string
	Active  bool
}

// alertSelect is one select of the form: its query parameter, its label,
// the words of its empty choice, and its options.
type alertSelect struct {
	Name, Label, All string
	Options          []formOption
}

func alertForm(l *lang, c *indicators.Catalog, rows []webAlertRow, f alertFilter) alertFilterForm {
	form := alertFilterForm{Reset: l.Href("/alerts", nil), Active: f.Active()}
	if l.explicit {
		form.Lang = l.Code
	}
	states := alertSelect{Name: "state", Label: l.T("State"), All: l.T("All states")}
	for _, st := range []string{"firing", "pending", "resolved", "settled"} {
		states.Options = append(states.Options, formOption{Value: st, Label: l.T(webAlertStates[st].Text), Selected: f.State == st})
	}
	var severities, rules, objectives []string
	for _, row := range rows {
		severities, rules = addOnce(severities, row.Severity), addOnce(rules, row.Name)
		if row.Objective != "" {
			objectives = addOnce(objectives, row.Objective)
		}
	}
	sev := alertSelect{Name: "severity", Label: l.T("Severity"), All: l.T("All severities")}
	for _, v := range severities {
		sev.Options = append(sev.Options, formOption{Value: v, Label: v, Selected: f.Severity == v})
	}
	rule := alertSelect{Name: "rule", Label: l.T("Alert"), All: l.T("All alerts")}
	for _, v := range rules {
		rule.Options = append(rule.Options, formOption{Value: v, Label: v, Selected: f.Rule == v})
	}
	obj := alertSelect{Name: "objective", Label: l.T("Objective"), All: l.T("All objectives")}
	for _, o := range c.Objectives {
		if slices.Contains(objectives, o.ID) {
			obj.Options = append(obj.Options, formOption{Value: o.ID, Label: o.ID + " · " + o.Title, Selected: f.Objective == o.ID, FR: true})
		}
	}
	form.Selects = []alertSelect{states, sev, rule, obj}
	return form
}

// addOnce adds v to the sorted list if it is not there.
func addOnce(list []string, v string) []string {
	i, found := slices.BinarySearch(list, v)
	if found || v == "" {
		return list
	}
	return slices.Insert(list, i, v)
}

// alertGroups keeps the rows f selects, grouped by objective in catalog
// order, Jalon's own alerts (pullers) last.
func alertGroups(l *lang, c *indicators.Catalog, rows []webAlertRow, f alertFilter) ([]webAlertGroup, int) {
	byObjective := map[string][]webAlertRow{}
	shown := 0
	for _, row := range rows {
		if f.keeps(&row) {
			byObjective[row.Objective] = append(byObjective[row.Objective], row)
			shown++
		}
	}
	var out []webAlertGroup
	for _, o := range c.Objectives {
		if rs := byObjective[o.ID]; len(rs) > 0 {
			out = append(out, webAlertGroup{ID: o.ID, Title: o.Title, Href: objectiveHref(l, o.ID), Rows: rs})
		}
	}
	if rs := byObjective[""]; len(rs) > 0 {
		out = append(out, webAlertGroup{Title: l.T("Jalon itself"), Rows: rs})
	}
	return out, shown
}

// objectivesOf maps each indicator of c to its objective.
func objectivesOf(c *indicators.Catalog) map[string]string {
	out := map[string]string{}
	for _, o := range c.Objectives {
		for _, ind := range o.Indicators {
			out[ind.ID] = o.ID
		}
	}
	return out
}

// seriesLabels keeps the labels that tell the alert's series apart: the
// rule's own (its name, the indicator, the routing labels) are in other
// columns, and written out they would stretch the table past the page.
func seriesLabels(m map[string]string) indicators.Labels {
	var out []indicators.Label
	for _, l := range indicators.NewLabels(m) {
		switch l.Name {
		case "alertname", "axis", "indicator", "objective", "owner", "severity", "puller":
		default:
			out = append(out, l)
		}
	}
	return out
}
