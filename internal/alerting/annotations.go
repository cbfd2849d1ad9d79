package alerting

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"text/template"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
)

// annotator writes the annotations of alerts: a summary and a description
// in plain words with the numbers that explain them, the link to the
// indicator's page and the runbook.
type annotator struct {
	externalURL string
	runbook     *template.Template // nil: no runbook_url annotation
	lang        tr                 // of the summaries and descriptions

	// urls holds each indicator's page once: every alert of an indicator
	// keeps it as its generatorURL and indicator_url, and with 100 000
	// alerts a copy each is megabytes.
	mu   sync.Mutex
	urls map[string]string
}

func newAnnotator(externalURL, runbook string) (*annotator, error) {
	a := &annotator{externalURL: strings.TrimRight(externalURL, "/")}
	if runbook != "" {
		t, err := template.New("runbook_url").Option("missingkey=error").Parse(runbook)
		if err != nil {
			return nil, fmt.Errorf("parse runbook_url template: %w", err)
		}
		a.runbook = t
	}
	return a, nil
}

// indicatorURL is the indicator's page, also the alerts' generatorURL:
// stable for an alert, as Alertmanager expects.
func (a *annotator) indicatorURL(id string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	u, ok := a.urls[id]
	if !ok {
		u = a.externalURL + "/indicators/" + url.PathEscape(id)
		if a.urls == nil {
			a.urls = map[string]string{}
		}
		a.urls[id] = u
	}
	return u
}

// series returns the annotations of r's alert on one series of x; k is the
// milestone the alert is about, or -1.
func (a *annotator) series(r *rule, x *target, ls Labels, e *indicators.Evaluation, k int) Labels {
	ind := x.ind
	summary, desc := r.text(a.lang, ind.Objective+" "+ind.Name+seriesText(ls, x), ind, e, k)
	link := a.indicatorURL(ind.ID)
	out := Labels{{Name: "description", Value: desc + a.lang.f(" Details: %s", link)}, {Name: "indicator_url", Value: link},
		{Name: "summary", Value: summary}}
	return a.addRunbook(out, r.name, ls)
}

// puller returns the annotations of a JalonPullerFailing alert.
func (a *annotator) puller(p PullerState, ls Labels) Labels {
	desc := a.lang.f("Puller %s failed its last %d runs.", p.Name, p.ConsecutiveFailures)
	if p.LastError != "" {
		desc += a.lang.f(" Last error: %s", p.LastError)
	}
	out := Labels{{Name: "description", Value: desc}, {Name: "summary", Value: a.lang.f("Puller %s failing", p.Name)}}
	return a.addRunbook(out, rulename.PullerFailing, ls)
}

// addRunbook adds the runbook_url annotation to out, sorted by name.
func (a *annotator) addRunbook(out Labels, rule string, ls Labels) Labels {
	if a.runbook == nil {
		return out
	}
	var b strings.Builder
	f := config.RunbookFields{Alertname: rule, Indicator: ls.Get("indicator"), Objective: ls.Get("objective"),
		Severity: ls.Get("severity"), Labels: ls.Map()}
	if err := a.runbook.Execute(&b, f); err == nil {
		i, _ := slices.BinarySearchFunc(out, "runbook_url", func(l indicators.Label, name string) int { return cmp.Compare(l.Name, name) })
		out = slices.Insert(out, i, indicators.Label{Name: "runbook_url", Value: b.String()})
	}
	return out
}

// annotationMap returns annotations as notifications and Manager.Alerts
// carry them, nil for none as a record without annotations decodes.
func annotationMap(ann Labels) map[string]string {
	if len(ann) == 0 {
		return nil
	}
	return ann.Map()
}

// seriesText names a labelled series: " (region=84)"; the indicator-level
// labels are left out.
func seriesText(ls Labels, x *target) string {
	var parts []string
	for _, d := range x.ind.Dimensions {
		if v := ls.Get(d); v != "" {
			parts = append(parts, d+"="+v)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
