package alerting

import (
	"fmt"
	"strconv"
	"strings"
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

// promQuery writes the selectors of a rule's expression, narrowed by
// matchers (PromQL matchers, comma-separated, "" for none): those of the
// indicators one generated rule covers.
type promQuery struct{ matchers string }

// sel selects metric with the fixed matchers and the query's.
func (q promQuery) sel(metric, fixed string) string {
	parts := []string{}
	for _, p := range []string{fixed, q.matchers} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return metric
	}
	return metric + "{" + strings.Join(parts, ", ") + "}"
}

// status is the condition of a status rule: the series has status st.
func (q promQuery) status(st string) string {
	return fmt.Sprintf("max without (status) (%s)", q.sel(routedStatus, `status="`+st+`"`))
}

// deadlineStatus is the condition of a deadline rule: a quantified series
// has status st, the alert's value its target's deadline.
func (q promQuery) deadlineStatus(st string) string {
	return fmt.Sprintf("(\n  %s\n  and ignoring (status) (jalon_indicator_status{status=\"%s\"} == 1)\n  unless on (job, instance, indicator) jalon_indicator_info{kind=\"milestone\"}\n)%s",
		q.sel("jalon_indicator_target_deadline_timestamp_seconds", ""), st, routing)
}

func forecastMissesExpr(q promQuery, s settings) string {
	return fmt.Sprintf("(\n  (%s < %s)\n  unless ignoring (status) (jalon_indicator_status{status=~\"achieved|missed|unverified|stale|no_data\"} == 1)\n)%s",
		q.sel("jalon_indicator_target_probability", ""), strconv.FormatFloat(s.probability, 'g', -1, 64), routing)
}

func milestoneOverdueExpr(q promQuery, _ settings) string {
	return fmt.Sprintf("(\n  (%s < time())\n  and on (job, instance, indicator) jalon_indicator_info{kind=\"milestone\"}\n  and (jalon_indicator_value < 1)\n)%s",
		q.sel("jalon_indicator_target_deadline_timestamp_seconds", ""), routing)
}

// promSubject names the series of a generated alert in its summary.
const promSubject = "{{ $labels.objective }} {{ $labels.indicator }}"

// promAnnotations returns the annotations of r as Prometheus templates;
// link is Jalon's external URL. Prometheus expands them with the
// expression's labels only, so the deadline is written from $value again.
func promAnnotations(r *rule, link string) (summary, description string) {
	if r.match == nil {
		return r.promSummary, r.promDesc // a puller has no page
	}
	return r.promSummary, r.promDesc + " Details: " + link + "/indicators/{{ $labels.indicator }}"
}
