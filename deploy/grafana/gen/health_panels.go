package main

import (
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// section is a row of the health dashboard and its panels.
type section struct {
	title  string
	panels []cog.Builder[dashboard.Panel]
}

// healthSections lays out the health dashboard. Metric names and labels
// are those of docs/metrics.md, internal/collector/metrics.go and
// internal/alerting/metrics.go; the generator's test checks that each still exists.
func healthSections() []section {
	return []section{
		{"Overview", []cog.Builder[dashboard.Panel]{
			single("Instances", "none", 4, q{"count(jalon_evaluation_last_timestamp_seconds" + inst + ")", "instances"}),
			single("Uptime", "s", 4, q{"time() - process_start_time_seconds" + inst, "{{instance}}"}),
			single("Since the last evaluation", "s", 4, q{"time() - jalon_evaluation_last_timestamp_seconds" + inst, "{{instance}}"}).
				Thresholds(thresholds(step(nil, "green"), step(ptr(180.0), "orange"), step(ptr(600.0), "red"))).
				ColorMode(common.BigValueColorModeValue),
			single("Series evaluated", "short", 4, q{"jalon_evaluation_series" + inst, "{{instance}}"}),
			single("Points stored", "short", 4, q{"jalon_store_points" + inst, "{{instance}}"}),
			single("Alerts firing", "none", 4, q{`count(jalon_alerts{alertstate="firing", instance=~"$instance"}) or vector(0)`, "firing"}).
				Thresholds(thresholds(step(nil, "green"), step(ptr(1.0), "red"))).ColorMode(common.BigValueColorModeValue),
		}},
		{"Ingestion", []cog.Builder[dashboard.Panel]{
			graph("Points ingested by outcome", "cps", 8, q{rate("jalon_points_ingested_total", "outcome"), "{{outcome}}"}),
			graph("Points ingested by channel", "cps", 8, q{rate("jalon_points_ingested_total", "via"), "{{via}}"}),
			graph("Points rejected by reason", "cps", 8, q{rate("jalon_points_rejected_total", "reason"), "{{reason}}"}),
		}},
		{"HTTP", []cog.Builder[dashboard.Panel]{
			graph("Requests by route", "reqps", 8, q{rate("jalon_http_requests_total", "route"), "{{route}}"}),
			graph("Share of requests answered 5xx", "percentunit", 8, q{
				`sum by (route) (rate(jalon_http_requests_total{code=~"5..", instance=~"$instance"}[$__rate_interval])) / ` +
					rate("jalon_http_requests_total", "route"), "{{route}}"}),
			graph("Request duration, 99th percentile", "s", 8, quantiles("jalon_http_request_duration_seconds", "route")[1]),
		}},
		{"Store and evaluation", []cog.Builder[dashboard.Panel]{
			graph("Write-ahead log commits", "cps", 6, q{rate("jalon_store_commits_total", "instance"), "{{instance}}"}),
			graph("Log commit duration (fsync included)", "s", 6, quantiles("jalon_store_commit_duration_seconds", "")...),
			graph("Writes sharing one log commit", "short", 6, quantiles("jalon_store_batch_size", "")...),
			graph("Store file size", "bytes", 6, q{"jalon_store_size_bytes" + inst, "{{instance}}"}),
			graph("Points applied to the store file", "short", 8, q{rate("jalon_store_applied_points_total", "instance"), "{{instance}}"}),
			graph("Apply duration (fsync included)", "s", 8, quantiles("jalon_store_apply_duration_seconds", "")...),
			graph("Acknowledged points not yet in the file", "short", 8, q{"jalon_store_wal_pending_points" + inst, "{{instance}}"}),
			graph("Evaluation duration", "s", 8, quantiles("jalon_evaluation_duration_seconds", "")...),
			graph("Series and points", "short", 8, q{"jalon_store_series" + inst, "series"}, q{"jalon_store_points" + inst, "points"}),
			graph("Alert rules evaluation duration", "s", 8, quantiles("jalon_alerting_evaluation_duration_seconds", "")...),
		}},
		{"Pullers", pullerPanels()},
		{"Alert delivery", deliveryPanels()},
		{"Process", []cog.Builder[dashboard.Panel]{
			graph("CPU", "percentunit", 8, q{rate("process_cpu_seconds_total", "instance"), "{{instance}}"}),
			graph("Resident memory", "bytes", 8, q{"process_resident_memory_bytes" + inst, "{{instance}}"}),
			graph("Goroutines", "short", 8, q{"go_goroutines" + inst, "{{instance}}"}),
		}},
	}
}

func pullerPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Runs by result", "cps", 8, q{rate("jalon_puller_runs_total", "puller, result"), "{{puller}} {{result}}"}),
		graph("Run duration, 90th percentile", "s", 8, q{
			`histogram_quantile(0.9, sum by (le, puller) (rate(jalon_puller_run_duration_seconds_bucket` + inst + `[$__rate_interval])))`, "{{puller}}"}),
		graph("Since the last successful run", "s", 8, q{
			"time() - (jalon_puller_last_success_timestamp_seconds" + inst + " > 0)", "{{puller}}"}),
		graph("Points written by outcome", "cps", 12, q{rate("jalon_puller_points_total", "puller, outcome"), "{{puller}} {{outcome}}"}),
		graph("Rows skipped by reason", "cps", 12, q{rate("jalon_puller_rows_skipped_total", "puller, reason"), "{{puller}} {{reason}}"}),
	}
}

func deliveryPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Alerts by state", "none", 8, q{`count by (alertstate) (jalon_alerts` + inst + `)`, "{{alertstate}}"}),
		graph("Notifications by receiver", "cps", 8,
			q{rate("jalon_notifications_sent_total", "receiver"), "sent {{receiver}}"},
			q{rate("jalon_notifications_failed_total", "receiver"), "failed {{receiver}}"},
			q{rate("jalon_notifications_dropped_total", "receiver"), "dropped {{receiver}}"}).
			OverrideByRegexp("^dropped.*", []dashboard.DynamicConfigValue{fixedColor("red")}),
		graph("Delivery latency, 99th percentile", "s", 8, quantiles("jalon_notification_delivery_latency_seconds", "receiver")[1]),
		graph("Outbox length", "short", 12,
			q{"jalon_notification_outbox_length" + inst, "{{receiver}}"},
			q{"max(jalon_notification_outbox_capacity" + inst + ")", "capacity"}).
			OverrideByName("capacity", []dashboard.DynamicConfigValue{fixedColor("red"), dashed()}),
		graph("Oldest notification waiting", "s", 12, q{"jalon_notification_outbox_oldest_age_seconds" + inst, "{{receiver}}"}),
	}
}
