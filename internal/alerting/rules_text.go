package alerting

import (
	"github.com/jalonhq/jalon/indicators"
)

// The summary and description of each built-in rule's alerts, in plain
// words with the numbers that explain them (builtin.go), in the language
// of t.

// statusText is the text of a status rule: what the status means, then
// where the series stands and where it heads.
func statusText(what string) func(tr, string, *indicators.Indicator, *indicators.Evaluation, int) (string, string) {
	return func(t tr, subject string, ind *indicators.Indicator, e *indicators.Evaluation, _ int) (string, string) {
		return t.f("%s: %s", subject, t.f(what)), t.join(t.actual(ind, e), t.forecast(ind, e))
	}
}

func forecastMissesText(t tr, subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (string, string) {
	summary := t.f("%s: forecast to miss %s by %s", subject, t.target(ind, k), day(ind.Milestones[k].Deadline))
	return summary, t.join(t.forecast(ind, e), t.actual(ind, e))
}

func deadlineMissedText(t tr, subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (string, string) {
	m := ind.Milestones[k]
	summary := t.f("%s: missed %s by %s", subject, t.target(ind, k), day(m.Deadline))
	return summary, t.join(t.f("The target was %s by %s (%s)", t.target(ind, k), day(m.Deadline), m.DeadlineText),
		t.actual(ind, e), t.forecast(ind, e))
}

func deadlineUnverifiedText(t tr, subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (string, string) {
	m := ind.Milestones[k]
	summary := t.f("%s: no figure near the deadline of %s by %s", subject, t.target(ind, k), day(m.Deadline))
	return summary, t.join(t.f("The target was %s by %s (%s); no figure dated within the freshness window before it shows whether it was met", t.target(ind, k), day(m.Deadline), m.DeadlineText),
		t.actual(ind, e))
}

func milestoneOverdueText(t tr, subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (string, string) {
	m := ind.Milestones[k]
	summary := t.f("%s: not done by %s", subject, day(m.Deadline))
	return summary, t.join(t.f("Due %s (%s), not reported done: progress %s at %s",
		day(m.Deadline), m.DeadlineText, t.value(e.Latest.Value, "done"), day(e.Latest.Time)))
}

func dataStaleText(t tr, subject string, ind *indicators.Indicator, e *indicators.Evaluation, _ int) (string, string) {
	summary := t.f("%s: no new figure since %s", subject, day(e.Latest.Time))
	return summary, t.join(t.f("Latest figure %s at %s, %d days before %s; a figure is expected every %d days",
		t.value(e.Latest.Value, ind.Unit), day(e.Latest.Time), days(e.Now.Sub(e.Latest.Time)), day(e.Now), days(ind.Cadence)))
}
