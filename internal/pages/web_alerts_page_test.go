package pages

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

var (
	alertGroupRE = regexp.MustCompile(`<section class="alert-group"(?: data-objective="([^"]+)")?>`)
	alertRowRE   = regexp.MustCompile(`<tr data-state="([a-z]+)">.*?<th scope="row">(\w+) <span class="sub">(\w+)</span>`)
)

// alertsInTwoLanguages lists alerts of two objectives and of a puller,
// each summary in the language asked.
func alertsInTwoLanguages(lang indicators.Lang) []AlertView {
	say := func(en, fr string) string {
		if lang == indicators.French {
			return fr
		}
		return en
	}
	return []AlertView{
		{Name: "JalonTrajectoryOffTrack", Indicator: ind11, Severity: "critical", State: "firing", Since: testNow.Add(-48 * time.Hour),
			Labels:  map[string]string{"alertname": "JalonTrajectoryOffTrack", "indicator": ind11, "objective": "1-1", "owner": "DNS", "axis": "Prévention", "severity": "critical"},
			Summary: say("1-1 docs: off track, well behind plan", "1-1 docs\u00a0: hors trajectoire, très en retard")},
		{Name: "JalonDataStale", Indicator: indRegion, Labels: map[string]string{"region": "84"}, Severity: "warning", State: "pending",
			Since: testNow.Add(-time.Hour), Summary: say("7-3 cdri: no new figure", "7-3 cdri\u00a0: aucun nouveau chiffre")},
		{Name: "JalonDeadlineMissed", Indicator: indRegion, Severity: "critical", State: "settled", Since: testNow.Add(-time.Hour),
			Summary: say("7-3 cdri: missed", "7-3 cdri\u00a0: manquée")},
		{Name: "JalonPullerFailing", Severity: "warning", State: "firing", Since: testNow.Add(-time.Hour),
			Summary: say("Puller cnam failing", "Collecteur cnam en échec")},
	}
}

// TestAlertsPageGroupsAndFilters checks that /alerts groups the alerts by
// objective, Jalon's own last, that each GET filter keeps only matching
// alerts, and that summaries follow the page's language.
func TestAlertsPageGroupsAndFilters(t *testing.T) {
	h := newPagesHarness(t).pages(Options{Alerts: alertsInTwoLanguages})
	tests := []struct {
		query  string
		groups []string // objective of each group, "" for Jalon's own
		rows   []string // state/rule of each row
	}{
		{"", []string{"1-1", "7-3", ""}, []string{"firing/JalonTrajectoryOffTrack", "pending/JalonDataStale", "settled/JalonDeadlineMissed", "firing/JalonPullerFailing"}},
		{"?state=firing", []string{"1-1", ""}, []string{"firing/JalonTrajectoryOffTrack", "firing/JalonPullerFailing"}},
		{"?severity=critical", []string{"1-1", "7-3"}, []string{"firing/JalonTrajectoryOffTrack", "settled/JalonDeadlineMissed"}},
		{"?rule=JalonDataStale", []string{"7-3"}, []string{"pending/JalonDataStale"}},
		{"?objective=7-3&severity=warning", []string{"7-3"}, []string{"pending/JalonDataStale"}},
		{"?state=resolved", nil, nil},
	}
	for _, tc := range tests {
		body := page(t, h, "/alerts"+tc.query).Body.String()
		var groups, rows []string
		for _, m := range alertGroupRE.FindAllStringSubmatch(body, -1) {
			groups = append(groups, m[1])
		}
		for _, m := range alertRowRE.FindAllStringSubmatch(body, -1) {
			rows = append(rows, m[1]+"/"+m[2])
		}
		if !slices.Equal(groups, tc.groups) || !slices.Equal(rows, tc.rows) {
			t.Errorf("/alerts%s: groups %q, rows %q; want %q, %q", tc.query, groups, rows, tc.groups, tc.rows)
		}
	}
	if body := page(t, h, "/alerts?state=firing").Body.String(); !strings.Contains(body, `<option value="firing" selected>`) {
		t.Error("/alerts?state=firing does not keep its choice in the form")
	} else if strings.Contains(body, "owner") || strings.Contains(body, "Prévention") {
		t.Error("/alerts shows the rule's own labels (owner, axis) as the series'")
	}
	fr := page(t, h, "/alerts?lang=fr").Body.String()
	for _, want := range []string{"1-1 docs\u00a0: hors trajectoire, très en retard", "Collecteur cnam en échec", "Jalon lui-même", "Réglée, non envoyée",
		`<input type="hidden" name="lang" value="fr">`} {
		if !strings.Contains(fr, want) {
			t.Errorf("/alerts?lang=fr lacks %q", want)
		}
	}
	if strings.Contains(fr, "off track, well behind plan") {
		t.Error("/alerts?lang=fr shows an English summary")
	}
}
