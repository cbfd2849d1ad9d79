package main

import (
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/jalonhq/jalon/indicators"
)

// inScope keeps the series of the objectives selected by the axis and owner
// variables.
const inScope = ` and on(objective) jalon_objective_info{axis=~"$axis", owner=~"$owner"}`

// roadmap is the programme office's overview: how many series stand where,
// every objective and indicator with its status, and who is behind plan.
func roadmap() *dashboard.DashboardBuilder {
	return dashboard.NewDashboardBuilder("Jalon — roadmap overview").
		Uid("jalon-roadmap").Tags([]string{"jalon"}).Refresh("5m").Time("now-90d", "now").
		Description("Where every objective of the roadmap stands against its plan, from Jalon's /metrics.").
		WithVariable(datasourceVar()).
		WithVariable(allValues(labelValues("axis", "Axis", "jalon_objective_info"))).
		WithVariable(allValues(labelValues("owner", "Owner", "jalon_objective_info"))).
		Link(dashboard.NewDashboardLinkBuilder("Jalon").Type(dashboard.DashboardLinkTypeDashboards).
			Tags([]string{"jalon"}).AsDropdown(true).KeepTime(true)).
		WithRow(dashboard.NewRowBuilder("Status")).
		WithPanel(countsBy("Judged series by status", "status", "jalon_indicator_status", statusColors())).
		WithPanel(countsBy("Judged series by delivery confidence", "confidence", "jalon_indicator_delivery_confidence", confidenceColors())).
		WithRow(dashboard.NewRowBuilder("Objectives and indicators")).
		WithPanel(roadmapTable()).
		WithRow(dashboard.NewRowBuilder("Behind plan")).
		WithPanel(behindPlan()).
		WithPanel(statusOverTime())
}

// judged selects the series of one value of a state family that have a
// target: national series, and regional series of shares. Regional parts of
// an additive national figure are not judged, so they are not counted.
func judged(metric, label, value string) string {
	return metric + `{` + label + `="` + value + `"} == 1 and ignoring(` + label + `) jalon_indicator_target_value` + inScope
}

// countsBy counts the judged series in each value of label, one stat per
// value in a fixed order and color, 0 included.
func countsBy(title, label, metric string, values []named) *stat.PanelBuilder {
	var qs []q
	for _, v := range values {
		qs = append(qs, q{"count(" + judged(metric, label, v.value) + ") or vector(0)", v.text})
	}
	p := single(title, "none", 12, qs...).TextMode(common.BigValueTextModeValueAndName).
		ColorMode(common.BigValueColorModeBackground).
		Description("Series with a target: national series, and regional series of shares.")
	for _, v := range values {
		p.OverrideByName(v.text, []dashboard.DynamicConfigValue{fixedColor(v.color)})
	}
	return p
}

func statusColors() []named {
	colors := map[indicators.Status]string{
		indicators.StatusAchieved: "blue", indicators.StatusOnTrack: "green", indicators.StatusAtRisk: "yellow",
		indicators.StatusOffTrack: "orange", indicators.StatusMissed: "red", indicators.StatusStale: "purple",
		indicators.StatusNoData: "gray", indicators.StatusUnverified: "text",
	}
	var out []named
	for _, s := range indicators.Statuses {
		out = append(out, named{string(s), strings.ReplaceAll(string(s), "_", " "), colors[s]})
	}
	return out
}

func confidenceColors() []named {
	colors := map[indicators.Confidence]string{
		indicators.ConfidenceGreen: "green", indicators.ConfidenceAmberGreen: "yellow",
		indicators.ConfidenceAmberRed: "orange", indicators.ConfidenceRed: "red", indicators.ConfidenceUnknown: "gray",
		indicators.ConfidenceInsufficient: "text",
	}
	var out []named
	for _, c := range indicators.Confidences {
		label := strings.ReplaceAll(string(c), "_", "/") // amber/green
		if c == indicators.ConfidenceInsufficient {
			label = "insufficient data"
		}
		out = append(out, named{string(c), label, colors[c]})
	}
	return out
}

// behindPlan ranks the objectives whose worst series is behind plan by how
// far behind it is, as a share of the planned change.
func behindPlan() *bargauge.PanelBuilder {
	behind := `jalon_indicator_gap_ratio < 0 and ignoring(status) (jalon_indicator_status{status=~"at_risk|off_track|missed"} == 1)`
	expr := `sort_desc(-(min by (objective) (` + behind + inScope + `)) * on(objective) group_left(title, owner) jalon_objective_info)`
	return bargauge.NewPanelBuilder().Title("Objectives behind plan").Span(12).Height(10).
		Description("How far behind plan each objective's worst series is: (planned at its date − latest) / planned change. 15 % means 15 % of the planned change short.").
		Datasource(promDS()).
		WithTarget(prometheus.NewDataqueryBuilder().Datasource(promDS()).RefId("A").Instant().
			Expr(expr).LegendFormat("{{objective}} {{title}} ({{owner}})")).
		Unit("percentunit").Min(0).Max(1).NoValue("none behind plan").
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})).
		Orientation(common.VizOrientationHorizontal).DisplayMode(common.BarGaugeDisplayModeBasic).
		Thresholds(thresholds(step(nil, "yellow"), step(ptr(0.05), "orange"), step(ptr(0.15), "red")))
}

func statusOverTime() *timeseries.PanelBuilder {
	var qs []q
	for _, v := range statusColors() {
		qs = append(qs, q{"count(" + judged("jalon_indicator_status", "status", v.value) + ")", v.text})
	}
	p := graph("Judged series by status over time", "none", 12, qs...).Height(10).FillOpacity(70).
		Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal))
	for _, v := range statusColors() {
		p.OverrideByName(v.text, []dashboard.DynamicConfigValue{fixedColor(v.color)})
	}
	return p
}
