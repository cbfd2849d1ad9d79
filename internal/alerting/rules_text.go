package alerting

import (
	"fmt"

	"github.com/jalonhq/jalon/indicators"
)

// The summary and description of each built-in rule's alerts, in plain
// words with the numbers that explain them (builtin.go).

// statusText is the text of a status rule: what the status means, then
// where the series stands and where it heads.
func statusText(what string) func(string, *indicators.Indicator, *indicators.Evaluation, int) (string, string) {
	return func(subject string, ind *indicators.Indicator, e *indicators.Evaluation, _ int) (string, string) {
		return subject + ": " + what, joinSentences(actualText(ind, e), forecastText(ind, e))
	}
}

func forecastMissesText(subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (string, string) {
	summary := fmt.Sprintf("%s: forecast to miss %s by %s", subject, targetText(ind, k), day(ind.Milestones[k].Deadline))
	return summary, joinSentences(forecastText(ind, e), actualText(ind, e))
}

func deadlineMissedText(subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (string, string) {
	m := ind.Milestones[k]
	summary := fmt.Sprintf("%s: missed %s by %s", subject, targetText(ind, k), day(m.Deadline))
	return summary, joinSentences(fmt.Sprintf("The target was %s by %s (%s)", targetText(ind, k), day(m.Deadline), m.DeadlineText),
		actualText(ind, e), forecastText(ind, e))
}

func deadlineUnverifiedText(subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (string, string) {
	m := ind.Milestones[k]
	summary := fmt.Sprintf("%s: no figure near the deadline of %s by %s", subject, targetText(ind, k), day(m.Deadline))
	return summary, joinSentences(fmt.Sprintf("The target was %s by %s (%s); no figure dated within the freshness window before it shows whether it was met", targetText(ind, k), day(m.Deadline), m.DeadlineText),
		actualText(ind, e))
}

func milestoneOverdueText(subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (string, string) {
	m := ind.Milestones[k]
	summary := fmt.Sprintf("%s: not done by %s", subject, day(m.Deadline))
	return summary, joinSentences(fmt.Sprintf("Due %s (%s), not reported done: progress %s at %s",
		day(m.Deadline), m.DeadlineText, formatValue(e.Latest.Value, "done"), day(e.Latest.Time)))
}

func dataStaleText(subject string, ind *indicators.Indicator, e *indicators.Evaluation, _ int) (string, string) {
	summary := fmt.Sprintf("%s: no new figure since %s", subject, day(e.Latest.Time))
	return summary, joinSentences(fmt.Sprintf("Latest figure %s at %s, %d days before %s; a figure is expected every %d days",
		formatValue(e.Latest.Value, ind.Unit), day(e.Latest.Time), days(e.Now.Sub(e.Latest.Time)), day(e.Now), days(ind.Cadence)))
}
