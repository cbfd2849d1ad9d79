package main

import (
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// inst selects the instances chosen by the instance variable.
const inst = `{instance=~"$instance"}`

// health is Jalon's own health: is it up and evaluating, what comes in and
// from where, how the HTTP API, the store and the evaluator perform, how the
// pullers fare, and whether alerts reach their receivers.
func health() *dashboard.DashboardBuilder {
	b := dashboard.NewDashboardBuilder("Jalon — daemon health").
		Uid("jalon-health").Tags([]string{"jalon"}).Refresh("1m").Time("now-6h", "now").
		Description("Jalon's own metrics: ingestion, HTTP, store, evaluation, pullers, alert delivery.").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		WithVariable(datasourceVar()).
		WithVariable(allValues(labelValues("instance", "Instance", "jalon_evaluation_last_timestamp_seconds"))).
		Link(dashboard.NewDashboardLinkBuilder("Jalon").Type(dashboard.DashboardLinkTypeDashboards).
			Tags([]string{"jalon"}).AsDropdown(true).KeepTime(true))
	for _, s := range healthSections() {
		b.WithRow(dashboard.NewRowBuilder(s.title))
		for _, p := range s.panels {
			b.WithPanel(p)
		}
	}
	return b
}

// rate is the per-second rate of a counter of the selected instances,
// summed by the given labels.
func rate(counter, by string) string {
	return "sum by (" + by + ") (rate(" + counter + inst + "[$__rate_interval]))"
}

// quantiles are the median and the 99th percentile of a histogram of the
// selected instances, by the given label (none for "").
func quantiles(histogram, by string) []q {
	group, legend := "le", ""
	if by != "" {
		group, legend = "le, "+by, " {{"+by+"}}"
	}
	at := func(p string) string {
		return "histogram_quantile(" + p + ", sum by (" + group + ") (rate(" + histogram + "_bucket" + inst + "[$__rate_interval])))"
	}
	return []q{{at("0.5"), "p50" + legend}, {at("0.99"), "p99" + legend}}
}
