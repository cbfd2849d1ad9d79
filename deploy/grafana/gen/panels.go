package main

import (
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// The data source plugins the dashboards use, chosen through the datasource
// and infinity variables so that the dashboards work with any instance.
const (
	promPlugin     = "prometheus"
	infinityPlugin = "yesoreyeram-infinity-datasource"
	mixedPlugin    = "datasource"
)

func ptr[T any](v T) *T { return &v }

func promDS() common.DataSourceRef {
	return common.DataSourceRef{Type: ptr(promPlugin), Uid: ptr("${datasource}")}
}

func infinityDS() common.DataSourceRef {
	return common.DataSourceRef{Type: ptr(infinityPlugin), Uid: ptr("${infinity}")}
}

func mixedDS() common.DataSourceRef {
	return common.DataSourceRef{Type: ptr(mixedPlugin), Uid: ptr("-- Mixed --")}
}

// datasourceVar is the variable that picks the Prometheus scraping Jalon.
func datasourceVar() *dashboard.DatasourceVariableBuilder {
	return dashboard.NewDatasourceVariableBuilder("datasource").Label("Prometheus").Type(promPlugin)
}

// labelValues is a variable over the values of a label, from Prometheus.
func labelValues(name, label, metric string) *dashboard.QueryVariableBuilder {
	q := "label_values(" + metric + ", " + name + ")"
	return dashboard.NewQueryVariableBuilder(name).Label(label).Datasource(promDS()).
		Query(dashboard.StringOrMap{String: &q}).Definition(q).
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged).Sort(dashboard.VariableSortAlphabeticalAsc)
}

// allValues lets a variable select several values, all by default.
func allValues(v *dashboard.QueryVariableBuilder) *dashboard.QueryVariableBuilder {
	return v.Multi(true).IncludeAll(true).AllValue(".*").
		Current(dashboard.VariableOption{Text: strOrArr("All"), Value: strOrArr("$__all")})
}

func strOrArr(s string) dashboard.StringOrArrayOfString {
	return dashboard.StringOrArrayOfString{String: &s}
}

// promQueries turns expressions into range queries A, B, C… of one panel;
// legends[i] names expression i.
func promQueries(exprs, legends []string) []cog.Builder[variants.Dataquery] {
	out := make([]cog.Builder[variants.Dataquery], len(exprs))
	for i, e := range exprs {
		out[i] = prometheus.NewDataqueryBuilder().Datasource(promDS()).RefId(refID(i)).
			Expr(e).LegendFormat(legends[i])
	}
	return out
}

func refID(i int) string { return string(rune('A' + i)) }

// q is one expression and its legend, to write panel queries in pairs.
type q struct{ expr, legend string }

func split(qs []q) (exprs, legends []string) {
	for _, x := range qs {
		exprs, legends = append(exprs, x.expr), append(legends, x.legend)
	}
	return exprs, legends
}

// graph is a time series panel of w grid columns over Prometheus queries.
func graph(title, unit string, w uint32, qs ...q) *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().Title(title).Unit(unit).Span(w).Height(8).
		Datasource(promDS()).Targets(promQueries(split(qs))).FillOpacity(10).
		Legend(common.NewVizLegendOptionsBuilder().DisplayMode(common.LegendDisplayModeList).
			Placement(common.LegendPlacementBottom).ShowLegend(true))
}

// single is a stat panel showing the last value of instant queries.
func single(title, unit string, w uint32, qs ...q) *stat.PanelBuilder {
	exprs, legends := split(qs)
	targets := promQueries(exprs, legends)
	for i := range targets {
		targets[i].(*prometheus.DataqueryBuilder).Instant()
	}
	return stat.NewPanelBuilder().Title(title).Unit(unit).Span(w).Height(4).
		Datasource(promDS()).Targets(targets).GraphMode(common.BigValueGraphModeNone).
		Orientation(common.VizOrientationAuto).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}))
}

// fixedColor is the override value that paints a series or a field in one
// of Grafana's named colors.
func fixedColor(color string) dashboard.DynamicConfigValue {
	return dashboard.DynamicConfigValue{Id: "color", Value: map[string]any{"mode": "fixed", "fixedColor": color}}
}

func dashed() dashboard.DynamicConfigValue {
	return dashboard.DynamicConfigValue{Id: "custom.lineStyle", Value: map[string]any{"fill": "dash", "dash": []int{10, 10}}}
}

// textColors maps each text value to a color, for status and confidence
// cells and stats; the text stays readable without the color.
func textColors(colors []named) []dashboard.ValueMapping {
	m := dashboard.ValueMap{Type: dashboard.MappingTypeValueToText, Options: map[string]dashboard.ValueMappingResult{}}
	for i, c := range colors {
		m.Options[c.value] = dashboard.ValueMappingResult{Text: ptr(c.text), Color: ptr(c.color), Index: ptr(int32(i))}
	}
	return []dashboard.ValueMapping{{ValueMap: &m}}
}

// named is a value of a label with its display text and color.
type named struct{ value, text, color string }

func thresholds(steps ...dashboard.Threshold) *dashboard.ThresholdsConfigBuilder {
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(steps)
}

func step(value *float64, color string) dashboard.Threshold {
	return dashboard.Threshold{Value: value, Color: color}
}
