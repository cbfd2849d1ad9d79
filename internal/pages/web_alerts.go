package pages

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// AlertView is one alert as the pages show it: active, or resolved and
// still remembered by alerting.
type AlertView struct {
	Name      string            // the alert's name, such as "JalonIndicatorOffTrack"
	Indicator string            // empty for an alert about Jalon itself
	Labels    map[string]string // the series' labels
	Severity  string
	State     string    // "firing", "pending", "resolved" or "settled"
	Since     time.Time // when it became pending or firing
	Resolved  time.Time // zero while active
	Summary   string    // in the language asked of the AlertLister
}

// AlertLister returns the current and recently resolved alerts, their
// summaries in lang. It is called once per page view and must be safe for
// concurrent use.
type AlertLister func(lang indicators.Lang) []AlertView

// webAlertSection is a list of alerts, or the word that alerting is absent.
type webAlertSection struct {
	Configured bool
	Rows       []webAlertRow
	Firing     int
	Pending    int
	Resolved   int
	Settled    int
}

type webAlertRow struct {
	State                           webBadge
	StateCode                       string
	Name, Severity, Summary, Labels string
	Indicator, IndicatorHref        string
	Since, Resolved                 string
	Objective                       string // "" for an alert about Jalon itself
}

var webAlertStates = map[string]webBadge{
	"firing":   {Class: "alert-firing", Symbol: "●", Text: "Firing"},
	"pending":  {Class: "alert-pending", Symbol: "◐", Text: "Pending"},
	"resolved": {Class: "alert-resolved", Symbol: "○", Text: "Resolved"},
	"settled":  {Class: "alert-resolved", Symbol: "✗", Text: "Settled, not sent"},
}

// webAlertSection lists the alerts of one indicator, or all of them when id
// is empty: firing first, then pending, then resolved, latest first.
func (p *pages) webAlertSection(l *lang, id string) webAlertSection {
	if p.opts.Alerts == nil {
		return webAlertSection{}
	}
	sec := webAlertSection{Configured: true}
	all := slices.Clone(p.opts.Alerts(indicators.Lang(l.Code)))
	objOf := objectivesOf(p.eval.Snapshot().Catalog)
	order := map[string]int{"firing": 0, "pending": 1, "resolved": 2, "settled": 3}
	slices.SortStableFunc(all, func(a, b AlertView) int {
		return cmp.Or(cmp.Compare(order[a.State], order[b.State]), b.Since.Compare(a.Since), cmp.Compare(a.Name, b.Name))
	})
	for _, a := range all {
		if id != "" && a.Indicator != id {
			continue
		}
		b, ok := webAlertStates[a.State]
		if !ok {
			b = webBadge{Class: "alert-unknown", Symbol: "?", Text: a.State}
		}
		b.Text = l.T(b.Text)
		row := webAlertRow{State: b, StateCode: a.State, Name: a.Name, Severity: a.Severity, Summary: a.Summary, Objective: objOf[a.Indicator],
			Labels: p.labelText(seriesLabels(a.Labels)), Indicator: a.Indicator,
			Since: l.stamp(a.Since), Resolved: l.stamp(a.Resolved)}
		if a.Indicator != "" {
			row.IndicatorHref = indicatorHref(l, a.Indicator)
		}
		switch a.State {
		case "firing":
			sec.Firing++
		case "pending":
			sec.Pending++
		case "resolved":
			sec.Resolved++
		case "settled":
			sec.Settled++
		}
		sec.Rows = append(sec.Rows, row)
	}
	return sec
}

func (p *pages) alerts(w http.ResponseWriter, r *http.Request) {
	if !p.allowed(w, r) {
		return
	}
	s := p.eval.Snapshot()
	b := p.base(r, s, "", "alerts")
	b.Title = b.L.T("Alerts")
	b.Heading = b.Title
	sec := p.webAlertSection(b.L, "")
	f := parseAlertFilter(r)
	page := webAlertsPage{pageBase: b, Alerts: sec, Form: alertForm(b.L, s.Catalog, sec.Rows, f), Total: len(sec.Rows)}
	page.Groups, page.Shown = alertGroups(b.L, s.Catalog, sec.Rows, f)
	p.render(w, r, "alerts", page)
}
