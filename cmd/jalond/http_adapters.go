package main

import (
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/pages"
	"github.com/jalonhq/jalon/internal/report"
	"github.com/jalonhq/jalon/store"
)

// alertViews adapts alerting's alerts for the /alerts page and the alert
// history of each indicator page.
func alertViews(m *alerting.Manager) pages.AlertLister {
	return func(lang indicators.Lang) []pages.AlertView {
		var out []pages.AlertView
		for _, al := range m.AlertsIn(lang) {
			since := al.ActiveAt
			if !al.FiredAt.IsZero() {
				since = al.FiredAt
			}
			labels := al.Labels.Map()
			out = append(out, pages.AlertView{Name: labels["alertname"], Indicator: labels["indicator"], Labels: labels,
				Severity: labels["severity"], State: string(al.State), Since: since, Resolved: al.ResolvedAt,
				Summary: al.Annotations["summary"]})
		}
		return out
	}
}

// pullerViews adapts the pullers' states for the /pullers page.
func pullerViews(m *collector.Manager) pages.PullerLister {
	return func() []pages.PullerView {
		var out []pages.PullerView
		for _, s := range m.States() {
			v := pages.PullerView{Name: s.Name, Kind: s.Type, Target: s.Target, Schedule: s.Schedule,
				LastRun: s.LastRun, LastSuccess: s.LastSuccess, NextRun: s.NextRun, LastError: s.LastError,
				LastDuration: time.Duration(s.LastDuration * float64(time.Second)),
				LastPoints:   s.Points.New + s.Points.Revised + s.Points.Unchanged,
				Skipped:      s.Points.Invalid, SkippedReasons: s.SkippedReasons}
			if s.Indicator != "" {
				v.Indicators = []string{s.Indicator}
			}
			out = append(out, v)
		}
		return out
	}
}

// reportOf writes the API's reports over the daemon's store.
func reportOf(st store.Backend) api.ReportWriter {
	return func(c *indicators.Catalog, q report.Query, r report.Renderer) error { return report.Write(st, c, q, r) }
}
