package alerting

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// TestTerritorialPartsNotStale checks that the regional parts of docs, an
// additive indicator with national targets, do not page as stale (the
// national series does), unless an override turns them back on.
func TestTerritorialPartsNotStale(t *testing.T) {
	stale := func() indicators.Evaluation {
		return indicators.Evaluation{Now: t0, Status: indicators.StatusStale, Latest: &indicators.Point{Time: date(2024, 1, 31), Value: 1e6},
			Target: -1, LastMissed: -1, LastUnverified: -1, Probability: math.NaN()}
	}
	results := []evaluator.Result{result("docs", stale()), result("docs", stale(), indicators.Label{Name: "region", Value: "84"}),
		result("docs", stale(), indicators.Label{Name: "region", Value: "11"})}
	if got, want := fired(config.Alerting{}, nil, results...), []string{"JalonDataStale"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rules fired %v, want %v (the national series only)", got, want)
	}
	cfg := config.Alerting{Overrides: []config.AlertOverride{{Indicator: "docs", Rule: rulename.DataStale,
		Match: map[string]string{"region": "84"}, AlertSettings: config.AlertSettings{Disabled: ptr(false)}}}}
	if got, want := fired(cfg, nil, results...), []string{"JalonDataStale", "JalonDataStale{region=84}"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("with region 84 turned back on, rules fired %v, want %v", got, want)
	}
}

// TestOverrideMatchers checks that an override's match selects series by
// their labels, an empty value selecting the series without the label.
func TestOverrideMatchers(t *testing.T) {
	e := evalDocs(t0, indicators.StatusOffTrack)
	e.LastMissed, e.LastUnverified, e.Probability = -1, -1, 0.9
	share := indicators.Evaluation{Now: t0, Status: indicators.StatusOffTrack, Latest: &indicators.Point{Time: date(2025, 6, 30), Value: 40},
		Target: 0, LastMissed: -1, LastUnverified: -1, Probability: 0.9}
	cfg := config.Alerting{Overrides: []config.AlertOverride{
		{Match: map[string]string{"region": ""}, AlertSettings: config.AlertSettings{Severity: "page"}},
		{Objective: "1-1", Match: map[string]string{"region": "84"}, AlertSettings: config.AlertSettings{Labels: map[string]string{"team": "ars-paca"}}},
		{Indicator: "share", Rule: rulename.TrajectoryOffTrack, Match: map[string]string{"region": "11"}, AlertSettings: config.AlertSettings{Disabled: ptr(true)}},
	}}
	set := newRuleset(testCatalog(), &cfg)
	var got []string
	set.eval(snapshot(1, set.catalog, t0, result("docs", e), result("share", share, indicators.Label{Name: "region", Value: "84"}),
		result("share", share, indicators.Label{Name: "region", Value: "11"})), nil, nil, func(c *candidate) {
		got = append(got, c.labels.String())
	})
	slices.Sort(got)
	want := []string{
		`{alertname="JalonTrajectoryOffTrack",axis="Prévention",indicator="docs",objective="1-1",owner="CNAM",severity="page"}`,
		`{alertname="JalonTrajectoryOffTrack",axis="Prévention",indicator="share",objective="1-1",owner="CNAM",region="84",severity="critical",team="ars-paca"}`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("alerts\n%v\nwant\n%v", got, want)
	}
}
