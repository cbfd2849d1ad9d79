package alerting

import (
	"fmt"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
)

// rule is one built-in alerting rule: everything about it in one place, from
// which come the Go evaluation (ruleset), the annotations of its alerts, the
// generated Prometheus rules (promrules.go) and the table of docs/alerting.md
// (TestDocsRuleTable). A new rule is a name in package rulename and an entry
// here.
type rule struct {
	name     string
	severity string
	forDur   time.Duration
	// match reports whether the condition holds for the evaluation e of a
	// series of ind, and the milestone it is about (-1 for none). nil for
	// the puller rule, evaluated on puller states (ruleset.evalPullers).
	match func(ind *indicators.Indicator, e *indicators.Evaluation, s *settings) (milestone int, ok bool)
	// deadline: the milestone's deadline is a label of the alert, part of
	// its identity. The forecast's milestone is the current target, which
	// moves on by itself, so it is not.
	deadline bool
	// text is the summary and description of an alert on a series of ind,
	// subject naming it; k is the milestone match returned.
	text func(t tr, subject string, ind *indicators.Indicator, e *indicators.Evaluation, k int) (summary, desc string)
	// expr is the PromQL of the condition over the jalon_ metrics.
	expr func(q promQuery, s settings) string
	// promSummary and promDesc are the annotations of the generated rule,
	// as Prometheus templates over the expression's labels and $value.
	promSummary, promDesc string
	// fires says when the rule fires, the table of docs/alerting.md.
	fires string
}

// seriesRules returns the rules evaluated on every series, in the order
// of rulename.All. What is behind plan waits an hour, since a late figure
// can be revised the same day; a missed deadline is a settled fact and
// fires at once.
func seriesRules() []rule {
	return []rule{
		{
			name: rulename.TrajectoryAtRisk, severity: "warning", forDur: time.Hour,
			match:       statusIs(indicators.StatusAtRisk),
			text:        statusText("at risk, behind plan"),
			expr:        func(q promQuery, _ settings) string { return q.status("at_risk") },
			promSummary: promSubject + ": at risk, behind plan",
			promDesc:    "The latest figure is behind the plan at its date by more than the at-risk tolerance.",
			fires:       "status `at_risk`: the latest figure is behind the plan at its own date by more than the `at_risk` tolerance; for a dated milestone, its deadline is in the last quarter of its span",
		},
		{
			name: rulename.TrajectoryOffTrack, severity: "critical", forDur: time.Hour,
			match:       statusIs(indicators.StatusOffTrack),
			text:        statusText("off track, well behind plan"),
			expr:        func(q promQuery, _ settings) string { return q.status("off_track") },
			promSummary: promSubject + ": off track, well behind plan",
			promDesc:    "The latest figure is behind the plan at its date by more than the off-track tolerance.",
			fires:       "status `off_track`: behind by more than the `off_track` tolerance",
		},
		{
			name: rulename.ForecastMissesTarget, severity: "warning", forDur: time.Hour,
			match: forecastMisses, text: forecastMissesText, expr: forecastMissesExpr,
			promSummary: promSubject + ": forecast to miss the next target",
			promDesc:    "Probability of meeting the next target by its deadline: {{ $value | humanizePercentage }}.",
			fires:       "the probability of meeting the current target is below `probability` (default `0.3`, the delivery-confidence *red*), while the target is open and the data fresh (not `achieved`, `missed`, `unverified`, `stale`); never without a forecast (`insufficient_data`)",
		},
		{
			name: rulename.DeadlineMissed, severity: "critical",
			match: deadlineMissed, deadline: true, text: deadlineMissedText,
			expr:        func(q promQuery, _ settings) string { return q.deadlineStatus("missed") },
			promSummary: promSubject + ": missed the target of " + deadlineLabel,
			promDesc:    "The deadline passed short of the target.",
			fires:       "a quantified milestone's deadline passed short of it, on evidence (a figure short of it within the stale window before the deadline, or after it on a series that cannot fall: [trajectory.md §3](trajectory.md#3-the-current-target)): the last one (status `missed`) or an intermediate one (`LastMissed`, which shows nowhere else once the next milestone is the target). Label `deadline`",
		},
		{
			name: rulename.DeadlineUnverified, severity: "warning",
			match: deadlineUnverified, deadline: true, text: deadlineUnverifiedText,
			expr:        func(q promQuery, _ settings) string { return q.deadlineStatus("unverified") },
			promSummary: promSubject + ": no figure near the deadline of " + deadlineLabel,
			promDesc:    "The deadline passed and no figure near it shows whether the target was met.",
			fires:       "a quantified milestone's deadline passed with no figure near it to say whether it was met (status `unverified`, or `LastUnverified` for an intermediate one): someone should find the figure, nobody should be woken for it. Label `deadline`",
		},
		{
			name: rulename.MilestoneOverdue, severity: "critical",
			match: milestoneOverdue, deadline: true, text: milestoneOverdueText, expr: milestoneOverdueExpr,
			promSummary: promSubject + ": not done by " + deadlineLabel,
			promDesc:    "The milestone's deadline has passed and it is not reported done.",
			fires:       "a dated launch or publication (kind `milestone`) is not reported done and its deadline has passed, whether or not the miss is settled yet. Label `deadline`",
		},
		{
			name: rulename.DataStale, severity: "warning", forDur: time.Hour,
			match: statusIs(indicators.StatusStale), text: dataStaleText,
			expr:        func(q promQuery, _ settings) string { return q.status("stale") },
			promSummary: promSubject + ": no new figure",
			promDesc:    "No figure within the indicator's freshness window (stale_after × cadence).",
			fires:       "status `stale`: no point within `stale_after × cadence` of now (an achieved or missed target does not go stale). Not on a territorial part of an additive indicator (count, rate, amount) whose targets are national: the part adds up to the national series, whose staleness pages; an override with `match` and `disabled = false` turns it back on",
		},
	}
}

// assessmentRule is JalonAssessmentDiverges, evaluated on the owners'
// assessments (Options.Divergences). Owners may know what the figures do
// not show yet, so it waits two weeks before paging anyone.
func assessmentRule() rule {
	return rule{
		name: rulename.AssessmentDiverges, severity: "warning", forDur: 14 * 24 * time.Hour,
		expr: func(q promQuery, _ settings) string {
			return q.sel("jalon_assessment_diverges", "") + " == 1"
		},
		promSummary: "{{ $labels.objective }}: owners more optimistic than the figures",
		promDesc:    "The owners' latest assessment of {{ $labels.objective }} is two or more levels more optimistic than the computed delivery confidence.",
		fires:       "the owners' latest assessment of an objective (or of one of its indicators) is two or more levels more optimistic than the computed delivery confidence (`jalon_assessment_diverges`); labels `objective`, `indicator` when the assessment is of one",
	}
}

// pullerRule is JalonPullerFailing, evaluated on puller states. Its
// threshold of consecutive failures already waits, so it has no for. Its
// alerts' annotations are annotator.puller's.
func pullerRule() rule {
	return rule{
		name: rulename.PullerFailing, severity: "warning",
		expr: func(q promQuery, s settings) string {
			return fmt.Sprintf("%s >= %d", q.sel("jalon_puller_consecutive_failures", ""), s.failures)
		},
		promSummary: "Puller {{ $labels.puller }} failing",
		promDesc:    "Puller {{ $labels.puller }} failed its last {{ $value }} runs.",
		fires:       "a puller's last `failures` runs (default 3) failed",
	}
}
