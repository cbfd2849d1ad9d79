package main

import (
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// The series of the selected indicator: all of them, or the national one
// (no region, no department) for the single numbers.
const (
	sel  = `indicator="$indicator"`
	natl = `indicator="$indicator", region="", department=""`
)

// indicator shows one indicator in detail: where it stands, its actuals
// against the plan and the target, the forecast with its interval, the
// probability of meeting the target over time, and — from Jalon's API
// through the Infinity data source — the plan and forecast into the future
// with the milestones as annotations.
func indicator() *dashboard.DashboardBuilder {
	return dashboard.NewDashboardBuilder("Jalon — indicator").
		Uid("jalon-indicator").Tags([]string{"jalon"}).Refresh("5m").Time("now-2y", "now+2y").
		Description("One indicator of the roadmap against its trajectory. The plan and forecast into the future come from Jalon's /api/v1/indicators/{id}/plan through the Infinity data source.").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		WithVariable(datasourceVar()).
		WithVariable(dashboard.NewDatasourceVariableBuilder("infinity").Label("Jalon API").Type(infinityPlugin)).
		WithVariable(labelValues("objective", "Objective", "jalon_objective_info")).
		WithVariable(labelValues("indicator", "Indicator", `jalon_indicator_info{objective="$objective"}`)).
		Annotation(dashboard.NewAnnotationQueryBuilder().Name("Milestones").Datasource(infinityDS()).
			Enable(true).IconColor("red").
			Target(newPlanQuery("Anno", "annotations", "table",
				timeCol(), stringCol("title", "title"), stringCol("text", "text"), stringCol("tags", "tags")))).
		Link(dashboard.NewDashboardLinkBuilder("Jalon").Type(dashboard.DashboardLinkTypeDashboards).
			Tags([]string{"jalon"}).AsDropdown(true).KeepTime(true).IncludeVars(true)).
		WithRow(dashboard.NewRowBuilder("Where it stands")).
		WithPanel(stateStat("Status", "status", "jalon_indicator_status", statusColors())).
		WithPanel(stateStat("Delivery confidence", "confidence", "jalon_indicator_delivery_confidence", confidenceColors())).
		WithPanel(single("Latest value", "short", 3, q{"jalon_indicator_value{" + natl + "}", "latest"})).
		WithPanel(single("Planned now", "short", 3, q{"jalon_indicator_planned_value{" + natl + "}", "planned"})).
		WithPanel(single("Current target", "short", 3, q{"jalon_indicator_target_value{" + natl + "}", "target"})).
		WithPanel(single("Deadline", "time:YYYY-MM-DD", 3, q{"jalon_indicator_target_deadline_timestamp_seconds{" + natl + "} * 1000", "deadline"})).
		WithPanel(ratioStat("Progress to target", "jalon_indicator_progress_ratio")).
		WithPanel(ratioStat("Probability of meeting it", "jalon_indicator_target_probability")).
		WithRow(dashboard.NewRowBuilder("Trajectory (Prometheus)")).
		WithPanel(actualVsPlan()).
		WithPanel(forecastBand()).
		WithPanel(probabilityOverTime()).
		WithRow(dashboard.NewRowBuilder("Plan to the last deadline (Jalon API)")).
		WithPanel(planPanel()).
		WithPanel(milestonesTable())
}

// stateStat names the national series' current state, colored by it.
func stateStat(title, label, metric string, values []named) *stat.PanelBuilder {
	p := single(title, "none", 3, q{metric + "{" + natl + "} == 1", "{{" + label + "}}"}).
		TextMode(common.BigValueTextModeName).ColorMode(common.BigValueColorModeBackground)
	for _, v := range values {
		p.OverrideByName(v.value, []dashboard.DynamicConfigValue{fixedColor(v.color)})
	}
	return p
}

// ratioStat shows a share in [0, 1] of the national series, red to green
// at the delivery-confidence cuts of docs/trajectory.md.
func ratioStat(title, metric string) *stat.PanelBuilder {
	return single(title, "percentunit", 3, q{metric + "{" + natl + "}", title}).
		ColorMode(common.BigValueColorModeValue).Min(0).Max(1).
		Thresholds(thresholds(step(nil, "red"), step(ptr(0.3), "orange"), step(ptr(0.6), "yellow"), step(ptr(0.8), "green")))
}

func actualVsPlan() *timeseries.PanelBuilder {
	return graph("Actual, planned and target", "short", 12,
		q{"jalon_indicator_value{" + sel + "}", "actual {{region}}{{department}}"},
		q{"jalon_indicator_planned_value{" + sel + "}", "planned {{region}}{{department}}"},
		q{"jalon_indicator_target_value{" + sel + "}", "target {{region}}{{department}}"}).
		Description("As scraped: each point is the value Jalon exposed at that time. For the measurements' own dates, backfill with jalonctl export openmetrics.").
		OverrideByRegexp("^planned.*", []dashboard.DynamicConfigValue{fixedColor("blue"), dashed()}).
		OverrideByRegexp("^target.*", []dashboard.DynamicConfigValue{fixedColor("red"), dashed()})
}

func forecastBand() *timeseries.PanelBuilder {
	return graph("Forecast at the target's deadline, with its 80 % interval", "short", 12,
		q{"jalon_indicator_forecast_value{" + natl + "}", "forecast"},
		q{"jalon_indicator_forecast_lower_value{" + natl + "}", "low"},
		q{"jalon_indicator_forecast_upper_value{" + natl + "}", "high"},
		q{"jalon_indicator_target_value{" + natl + "}", "target"}).
		OverrideByName("high", []dashboard.DynamicConfigValue{{Id: "custom.fillBelowTo", Value: "low"}, fixedColor("purple")}).
		OverrideByName("low", []dashboard.DynamicConfigValue{fixedColor("purple")}).
		OverrideByName("forecast", []dashboard.DynamicConfigValue{fixedColor("purple")}).
		OverrideByName("target", []dashboard.DynamicConfigValue{fixedColor("red"), dashed()})
}

func probabilityOverTime() *timeseries.PanelBuilder {
	return graph("Probability of meeting the current target", "percentunit", 24,
		q{"jalon_indicator_target_probability{" + sel + "}", "probability {{region}}{{department}}"}).
		Min(0).Max(1).
		Thresholds(thresholds(step(nil, "red"), step(ptr(0.3), "orange"), step(ptr(0.6), "yellow"), step(ptr(0.8), "green"))).
		ThresholdsStyle(common.NewGraphThresholdsStyleConfigBuilder().Mode(common.GraphThresholdsStyleModeDashed))
}

// planPanel draws what Prometheus cannot hold: the planned path up to the
// last deadline and the forecast cone from the latest point to the current
// target's deadline, read from Jalon's plan endpoint, with the national
// actuals from Prometheus.
func planPanel() *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().Title("Planned path and forecast to the deadline").Span(16).Height(10).
		Description("Plan and forecast from GET /api/v1/indicators/{id}/plan through the Infinity data source (see docs/grafana.md); actuals from Prometheus.").
		Datasource(mixedDS()).Unit("short").
		WithTarget(newPlanQuery("A", "planned", "timeseries", timeCol(), numberCol("value", "planned")).sampled()).
		WithTarget(newPlanQuery("B", "forecast", "timeseries", timeCol(),
			numberCol("value", "forecast"), numberCol("low", "low"), numberCol("high", "high"))).
		WithTarget(prometheus.NewDataqueryBuilder().Datasource(promDS()).RefId("C").
			Expr("jalon_indicator_value{"+natl+"}").LegendFormat("actual")).
		OverrideByName("actual", []dashboard.DynamicConfigValue{fixedColor("green")}).
		OverrideByName("planned", []dashboard.DynamicConfigValue{fixedColor("blue")}).
		OverrideByName("forecast", []dashboard.DynamicConfigValue{fixedColor("purple"), dashed()}).
		OverrideByName("low", []dashboard.DynamicConfigValue{fixedColor("purple")}).
		OverrideByName("high", []dashboard.DynamicConfigValue{{Id: "custom.fillBelowTo", Value: "low"}, fixedColor("purple")}).
		Legend(common.NewVizLegendOptionsBuilder().DisplayMode(common.LegendDisplayModeList).
			Placement(common.LegendPlacementBottom).ShowLegend(true))
}

func milestonesTable() *table.PanelBuilder {
	return table.NewPanelBuilder().Title("Milestones").Span(8).Height(10).
		Datasource(infinityDS()).
		WithTarget(newPlanQuery("A", "milestones", "table", stringCol("deadline", "deadline"),
			stringCol("deadline_text", "as written"), numberCol("value", "target")))
}
