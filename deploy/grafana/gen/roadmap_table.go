package main

import (
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/table"
)

// scoped multiplies by the selected objectives' info metric (always 1): it
// keeps their series and drops the metric name, so that the table's queries
// merge on their labels alone.
const scoped = ` * on(objective) group_left() jalon_objective_info{axis=~"$axis", owner=~"$owner"}`

// tableColumns are the table's numeric columns after the labels, one query
// each (B, C, …), with their units.
func tableColumns() []struct{ name, expr, unit string } {
	return []struct{ name, expr, unit string }{
		{"latest", "jalon_indicator_value", "short"},
		{"planned now", "jalon_indicator_planned_value", "short"},
		{"target", "jalon_indicator_target_value", "short"},
		{"deadline", "jalon_indicator_target_deadline_timestamp_seconds * 1000", "time:YYYY-MM-DD"},
		{"progress", "jalon_indicator_progress_ratio", "percentunit"},
		{"probability", "jalon_indicator_target_probability", "percentunit"},
	}
}

// labelsQuery gives one row per series with every text column: the
// objective's axis, priority, title and owner, the series' status and
// confidence.
const labelsQuery = `(jalon_indicator_status == 1)
  * ignoring(status, confidence) group_left(confidence) (jalon_indicator_delivery_confidence == 1)
  * on(objective) group_left(axis, priority, title, owner) jalon_objective_info{axis=~"$axis", owner=~"$owner"}`

// roadmapTable lists every series of every selected objective: where it
// stands, against what, and how likely it is to get there. The queries are
// instant tables merged on their labels.
func roadmapTable() *table.PanelBuilder {
	p := table.NewPanelBuilder().Title("Every objective and indicator").Span(24).Height(18).
		Description("One row per series. The indicator links to its detail dashboard.").
		Datasource(promDS()).WithTarget(tableQuery(0, labelsQuery)).
		WithTransformation(dashboard.DataTransformerConfig{Id: "merge", Options: map[string]any{}}).
		WithTransformation(organize()).Filterable(true).
		OverrideByName("status", stateCells(statusColors())).
		OverrideByName("confidence", stateCells(confidenceColors())).
		OverrideByName("indicator", []dashboard.DynamicConfigValue{{Id: "links", Value: []map[string]any{{
			"title": "Indicator detail",
			"url":   "/d/jalon-indicator/?var-objective=${__data.fields.objective}&var-indicator=${__value.raw}&${datasource:queryparam}&${__url_time_range}",
		}}}})
	for i, c := range tableColumns() {
		p.WithTarget(tableQuery(i+1, c.expr+scoped))
		p.OverrideByName(c.name, []dashboard.DynamicConfigValue{{Id: "unit", Value: c.unit}})
	}
	return p
}

func tableQuery(i int, expr string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Datasource(promDS()).RefId(refID(i)).
		Expr(expr).Instant().Format(prometheus.PromQueryFormatTable)
}

// organize hides the time and the labels query's constant value, names the
// value columns and puts the columns in reading order.
func organize() dashboard.DataTransformerConfig {
	order := []string{"axis", "priority", "objective", "title", "owner", "indicator", "region", "department", "status", "confidence"}
	rename := map[string]any{}
	for i, c := range tableColumns() {
		rename["Value #"+refID(i+1)] = c.name
		order = append(order, "Value #"+refID(i+1))
	}
	index := map[string]any{}
	for i, name := range order {
		index[name] = i
	}
	return dashboard.DataTransformerConfig{Id: "organize", Options: map[string]any{
		"excludeByName": map[string]any{"Time": true, "Value #A": true},
		"indexByName":   index,
		"renameByName":  rename,
	}}
}

// stateCells paints a status or confidence cell by its value, keeping the
// value as text.
func stateCells(values []named) []dashboard.DynamicConfigValue {
	return []dashboard.DynamicConfigValue{
		{Id: "mappings", Value: textColors(values)},
		{Id: "custom.cellOptions", Value: map[string]any{"type": "color-background"}},
	}
}
