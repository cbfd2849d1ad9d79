package alerting

import (
	"fmt"
	"net/url"
	"strings"
	"text/template"

	"github.com/jalonhq/jalon/config"
	"github.com/jalonhq/jalon/indicators"
)

// annotator writes the annotations of alerts: a summary and a description
// in plain words with the numbers that explain them, the link to the
// indicator's page and the runbook.
type annotator struct {
	externalURL string
	runbook     *template.Template // nil: no runbook_url annotation
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
	return a.externalURL + "/indicators/" + url.PathEscape(id)
}

// series returns the annotations of rule's alert on one series of x; k is
// the milestone the alert is about, or -1.
func (a *annotator) series(rule string, x *target, ls Labels, e *indicators.Evaluation, k int) map[string]string {
	ind := x.ind
	subject := ind.Objective + " " + ind.Name + seriesText(ls, x)
	var summary, desc string
	switch rule {
	case config.RuleTrajectoryAtRisk:
		summary, desc = subject+": at risk, behind plan", joinSentences(actualText(ind, e), forecastText(ind, e))
	case config.RuleTrajectoryOffTrack:
		summary, desc = subject+": off track, well behind plan", joinSentences(actualText(ind, e), forecastText(ind, e))
	case config.RuleForecastMissesTarget:
		summary = fmt.Sprintf("%s: forecast to miss %s by %s", subject, targetText(ind, e.Target), day(ind.Milestones[e.Target].Deadline))
		desc = joinSentences(forecastText(ind, e), actualText(ind, e))
	case config.RuleDeadlineMissed:
		m := ind.Milestones[k]
		summary = fmt.Sprintf("%s: missed %s by %s", subject, targetText(ind, k), day(m.Deadline))
		desc = joinSentences(fmt.Sprintf("The target was %s by %s (%s)", targetText(ind, k), day(m.Deadline), m.DeadlineText),
			actualText(ind, e), forecastText(ind, e))
	case config.RuleMilestoneOverdue:
		m := ind.Milestones[k]
		summary = fmt.Sprintf("%s: not done by %s", subject, day(m.Deadline))
		desc = joinSentences(fmt.Sprintf("Due %s (%s), not reported done: progress %s at %s",
			day(m.Deadline), m.DeadlineText, formatValue(e.Latest.Value, "done"), day(e.Latest.Time)))
	case config.RuleDataStale:
		summary = fmt.Sprintf("%s: no new figure since %s", subject, day(e.Latest.Time))
		desc = joinSentences(fmt.Sprintf("Latest figure %s at %s, %d days before %s; a figure is expected every %d days",
			formatValue(e.Latest.Value, ind.Unit), day(e.Latest.Time), days(e.Now.Sub(e.Latest.Time)), day(e.Now), days(ind.Cadence)))
	}
	link := a.indicatorURL(ind.ID)
	out := map[string]string{"summary": summary, "description": desc + " Details: " + link, "indicator_url": link}
	a.addRunbook(out, rule, ls)
	return out
}

// puller returns the annotations of a JalonPullerFailing alert.
func (a *annotator) puller(p PullerState, ls Labels) map[string]string {
	desc := fmt.Sprintf("Puller %s failed its last %d runs.", p.Name, p.ConsecutiveFailures)
	if p.LastError != "" {
		desc += " Last error: " + p.LastError
	}
	out := map[string]string{"summary": "Puller " + p.Name + " failing", "description": desc}
	a.addRunbook(out, config.RulePullerFailing, ls)
	return out
}

func (a *annotator) addRunbook(out map[string]string, rule string, ls Labels) {
	if a.runbook == nil {
		return
	}
	var b strings.Builder
	f := config.RunbookFields{Alertname: rule, Indicator: ls.Get("indicator"), Objective: ls.Get("objective"),
		Severity: ls.Get("severity"), Labels: ls.Map()}
	if err := a.runbook.Execute(&b, f); err == nil {
		out["runbook_url"] = b.String()
	}
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
