package alerting

import (
	"math"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
)

func TestAnnotations(t *testing.T) {
	a, err := newAnnotator("https://jalon.example.org/", "https://wiki.example.org/{{ .Alertname }}/{{ .Indicator }}")
	if err != nil {
		t.Fatal(err)
	}
	c := testCatalog()
	set := newRuleset(c, &config.Alerting{})
	docs, launch, share := set.targets["docs"], set.targets["launch"], set.targets["share"]
	ls := func(rule string, extra ...indicators.Label) Labels {
		return mergeLabels(nil, Labels{{Name: "alertname", Value: rule}, {Name: "indicator", Value: "docs"}}, extra, "")
	}
	stale := indicators.Evaluation{Now: t0, Status: indicators.StatusStale, Latest: &indicators.Point{Time: date(2025, 1, 31), Value: 41.5},
		Target: -1, LastMissed: -1, LastUnverified: -1, Probability: math.NaN(), PlannedAtLatest: math.NaN()}
	overdue := indicators.Evaluation{Now: t0, Status: indicators.StatusAtRisk, Latest: &indicators.Point{Time: date(2025, 5, 31), Value: 0.5},
		Target: 0, LastMissed: -1, LastUnverified: -1, Probability: math.NaN(), PlannedAtLatest: 0.9}
	const link = " Details: https://jalon.example.org/indicators/"
	tests := []struct {
		name, rule    string
		x             *target
		e             indicators.Evaluation
		k             int
		region        string
		summary, desc string
	}{
		{"off track, the numbers of docs/trajectory.md §9", rulename.TrajectoryOffTrack, docs, evalDocs(t0, indicators.StatusOffTrack), -1, "",
			"1-1 Documents alimentés: off track, well behind plan",
			"315 million a year at 2025-06-30, plan 324.9 million a year; forecast 393.8 million a year at 2026-12-31 against 400 million a year, probability 35 %." + link + "docs"},
		{"forecast", rulename.ForecastMissesTarget, docs, evalDocs(t0, indicators.StatusAtRisk), 1, "",
			"1-1 Documents alimentés: forecast to miss 400 million a year by 2026-12-31",
			"Forecast 393.8 million a year at 2026-12-31 against 400 million a year, probability 35 %; 315 million a year at 2025-06-30, plan 324.9 million a year." + link + "docs"},
		{"deadline missed", rulename.DeadlineMissed, docs, evalDocs(t0, indicators.StatusAtRisk), 0, "",
			"1-1 Documents alimentés: missed 250 million a year by 2023-12-31",
			"The target was 250 million a year by 2023-12-31 (fin 2023); 315 million a year at 2025-06-30, plan 324.9 million a year; forecast 393.8 million a year at 2026-12-31 against 400 million a year, probability 35 %." + link + "docs"},
		{"deadline unverified", rulename.DeadlineUnverified, docs, evalDocs(t0, indicators.StatusAtRisk), 0, "",
			"1-1 Documents alimentés: no figure near the deadline of 250 million a year by 2023-12-31",
			"The target was 250 million a year by 2023-12-31 (fin 2023); no figure dated within the freshness window before it shows whether it was met; 315 million a year at 2025-06-30, plan 324.9 million a year." + link + "docs"},
		{"milestone overdue", rulename.MilestoneOverdue, launch, overdue, 0, "",
			"1-1 Lancement: not done by 2025-06-30",
			"Due 2025-06-30 (mi-2025), not reported done: progress 50% at 2025-05-31." + link + "launch"},
		{"stale regional series", rulename.DataStale, share, stale, -1, "84",
			"1-1 Part (region=84): no new figure since 2025-01-31",
			"Latest figure 41.5% at 2025-01-31, 196 days before 2025-08-15; a figure is expected every 30 days." + link + "share"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var extra []indicators.Label
			if tc.region != "" {
				extra = append(extra, indicators.Label{Name: "region", Value: tc.region})
			}
			got := a.series(ruleNamed(t, tc.rule), tc.x, ls(tc.rule, extra...), &tc.e, tc.k)
			if got.Get("summary") != tc.summary {
				t.Errorf("summary = %q\nwant      %q", got.Get("summary"), tc.summary)
			}
			if got.Get("description") != tc.desc {
				t.Errorf("description = %q\nwant          %q", got.Get("description"), tc.desc)
			}
			if want := "https://wiki.example.org/" + tc.rule + "/docs"; got.Get("runbook_url") != want {
				t.Errorf("runbook_url = %q, want %q", got.Get("runbook_url"), want)
			}
		})
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		name string
		v    float64
		unit string
		want string
	}{
		{"rate in millions", 212.4e6, "per_year", "212.4 million a year"},
		{"count in thousands", 15300, "count", "15,300"},
		{"small count", 1500, "count", "1,500"},
		{"euros in billions", 2.5e9, "euros", "2.5 billion €"},
		{"percent", 41.56, "percent", "41.6%"},
		{"progress", 0.5, "done", "50%"},
		{"months decrease", -6, "months", "−6 months"},
		{"ratio", 0.8, "ratio", "80%"},
		{"not a number", math.NaN(), "count", "—"},
	}
	for _, tc := range tests {
		if got := tr(indicators.English).value(tc.v, tc.unit); got != tc.want {
			t.Errorf("%s: value(%v, %s) = %q, want %q", tc.name, tc.v, tc.unit, got, tc.want)
		}
	}
}
