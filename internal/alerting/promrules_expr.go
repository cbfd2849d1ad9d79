package alerting

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jalonhq/jalon/internal/config"
)

// The PromQL of the built-in rules, over the jalon_ metrics of /metrics
// (server/exposition.go). Every per-series metric carries indicator,
// objective and the series' own labels; job and instance come from the
// scrape. The routing labels axis and owner come from jalon_objective_info,
// one series per objective.

// routedStatus is the recording rule the status rules read: each series'
// current status with its objective's routing labels.
const (
	routedStatus     = "jalon:indicator_status:routed"
	routedStatusExpr = "(jalon_indicator_status == 1)\n  * on (job, instance, objective) group_left (axis, owner) jalon_objective_info"
	statusCount      = "jalon:objective_series:count_by_status"
	statusCountExpr  = "count by (job, instance, objective, status) (jalon_indicator_status == 1)"
	routing          = "\n  * on (job, instance, objective) group_left (axis, owner) jalon_objective_info"
	// deadlineLabel writes a deadline given as the alert's value, in
	// seconds since the epoch, as YYYY-MM-DD like the built-in rules.
	deadlineLabel = `{{ with $value | toTime }}{{ .Format "2006-01-02" }}{{ end }}`
)

// promExpr returns the expression of rule name, its selection narrowed by
// matchers (PromQL matchers, comma-separated, "" for none).
func promExpr(name string, s settings, matchers string) string {
	sel := func(metric, fixed string) string {
		parts := []string{}
		for _, p := range []string{fixed, matchers} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			return metric
		}
		return metric + "{" + strings.Join(parts, ", ") + "}"
	}
	status := func(st string) string {
		return fmt.Sprintf("max without (status) (%s)", sel(routedStatus, `status="`+st+`"`))
	}
	switch name {
	case config.RuleTrajectoryAtRisk:
		return status("at_risk")
	case config.RuleTrajectoryOffTrack:
		return status("off_track")
	case config.RuleDataStale:
		return status("stale")
	case config.RuleForecastMissesTarget:
		return fmt.Sprintf("(\n  (%s < %s)\n  unless ignoring (status) (jalon_indicator_status{status=~\"achieved|missed|unverified|stale|no_data\"} == 1)\n)%s",
			sel("jalon_indicator_target_probability", ""), strconv.FormatFloat(s.probability, 'g', -1, 64), routing)
	case config.RuleDeadlineMissed:
		return fmt.Sprintf("(\n  %s\n  and ignoring (status) (jalon_indicator_status{status=\"missed\"} == 1)\n  unless on (job, instance, indicator) jalon_indicator_info{kind=\"milestone\"}\n)%s",
			sel("jalon_indicator_target_deadline_timestamp_seconds", ""), routing)
	case config.RuleDeadlineUnverified:
		return fmt.Sprintf("(\n  %s\n  and ignoring (status) (jalon_indicator_status{status=\"unverified\"} == 1)\n  unless on (job, instance, indicator) jalon_indicator_info{kind=\"milestone\"}\n)%s",
			sel("jalon_indicator_target_deadline_timestamp_seconds", ""), routing)
	case config.RuleMilestoneOverdue:
		return fmt.Sprintf("(\n  (%s < time())\n  and on (job, instance, indicator) jalon_indicator_info{kind=\"milestone\"}\n  and (jalon_indicator_value < 1)\n)%s",
			sel("jalon_indicator_target_deadline_timestamp_seconds", ""), routing)
	case config.RulePullerFailing:
		return fmt.Sprintf("%s >= %d", sel("jalon_puller_consecutive_failures", ""), s.failures)
	}
	return ""
}

// promAnnotations returns the annotations of rule name as Prometheus
// templates; link is Jalon's external URL. Prometheus expands them with the
// expression's labels only, so the deadline is written from $value again.
func promAnnotations(name, link string) (summary, description string) {
	subject := "{{ $labels.objective }} {{ $labels.indicator }}"
	details := " Details: " + link + "/indicators/{{ $labels.indicator }}"
	switch name {
	case config.RuleTrajectoryAtRisk:
		return subject + ": at risk, behind plan", "The latest figure is behind the plan at its date by more than the at-risk tolerance." + details
	case config.RuleTrajectoryOffTrack:
		return subject + ": off track, well behind plan", "The latest figure is behind the plan at its date by more than the off-track tolerance." + details
	case config.RuleDataStale:
		return subject + ": no new figure", "No figure within the indicator's freshness window (stale_after × cadence)." + details
	case config.RuleForecastMissesTarget:
		return subject + ": forecast to miss the next target", "Probability of meeting the next target by its deadline: {{ $value | humanizePercentage }}." + details
	case config.RuleDeadlineMissed:
		return subject + ": missed the target of " + deadlineLabel, "The deadline passed short of the target." + details
	case config.RuleDeadlineUnverified:
		return subject + ": no figure near the deadline of " + deadlineLabel, "The deadline passed and no figure near it shows whether the target was met." + details
	case config.RuleMilestoneOverdue:
		return subject + ": not done by " + deadlineLabel, "The milestone's deadline has passed and it is not reported done." + details
	case config.RulePullerFailing:
		return "Puller {{ $labels.puller }} failing", "Puller {{ $labels.puller }} failed its last {{ $value }} runs."
	}
	return "", ""
}
