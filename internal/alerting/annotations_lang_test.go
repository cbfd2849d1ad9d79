package alerting

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// englishWords are words of the English texts that no French text has.
var englishWords = regexp.MustCompile(`\b(at|by|plan|forecast|against|probability|missed|figure|Due|done|not|since|days|Details|Puller|failed|failing|behind|track|risk|million|year)\b`)

// TestAnnotationsFrench checks every rule's texts in French: values as the
// French pages write them, and no English left.
func TestAnnotationsFrench(t *testing.T) {
	a, err := newAnnotator("https://jalon.example.org", "")
	if err != nil {
		t.Fatal(err)
	}
	a.lang = tr(indicators.French)
	set := newRuleset(testCatalog(), &config.Alerting{})
	docs, launch, share := set.targets["docs"], set.targets["launch"], set.targets["share"]
	stale := indicators.Evaluation{Now: t0, Status: indicators.StatusStale, Latest: &indicators.Point{Time: date(2025, 1, 31), Value: 41.5},
		Target: -1, LastMissed: -1, LastUnverified: -1, Probability: math.NaN(), PlannedAtLatest: math.NaN()}
	overdue := indicators.Evaluation{Now: t0, Status: indicators.StatusAtRisk, Latest: &indicators.Point{Time: date(2025, 5, 31), Value: 0.5},
		Target: 0, LastMissed: -1, LastUnverified: -1, Probability: math.NaN(), PlannedAtLatest: 0.9}
	ls := Labels{{Name: "alertname", Value: "x"}, {Name: "indicator", Value: "docs"}}
	cases := []struct {
		rule string
		x    *target
		e    indicators.Evaluation
		k    int
	}{
		{rulename.TrajectoryAtRisk, docs, evalDocs(t0, indicators.StatusAtRisk), -1},
		{rulename.TrajectoryOffTrack, docs, evalDocs(t0, indicators.StatusOffTrack), -1},
		{rulename.ForecastMissesTarget, docs, evalDocs(t0, indicators.StatusAtRisk), 1},
		{rulename.DeadlineMissed, docs, evalDocs(t0, indicators.StatusAtRisk), 0},
		{rulename.DeadlineUnverified, docs, evalDocs(t0, indicators.StatusAtRisk), 0},
		{rulename.MilestoneOverdue, launch, overdue, 0},
		{rulename.DataStale, share, stale, -1},
	}
	for _, tc := range cases {
		got := a.series(ruleNamed(t, tc.rule), tc.x, ls, &tc.e, tc.k)
		for _, name := range []string{"summary", "description"} {
			if w := englishWords.FindString(got.Get(name)); w != "" {
				t.Errorf("%s %s = %q: English %q left", tc.rule, name, got.Get(name), w)
			}
		}
	}
	got := a.series(ruleNamed(t, rulename.TrajectoryOffTrack), docs, ls, &cases[1].e, -1)
	want := "315 millions par an au 2025-06-30, trajectoire 324,9 millions par an\u00a0; prévision 393,8 millions par an au 2026-12-31 pour une cible de 400 millions par an, probabilité 35 %. Détails\u00a0: https://jalon.example.org/indicators/docs"
	if got.Get("description") != want || got.Get("summary") != "1-1 Documents alimentés\u00a0: hors trajectoire, très en retard" {
		t.Errorf("off track in French = %q, %q\nwant description %q", got.Get("summary"), got.Get("description"), want)
	}
	p := a.puller(PullerState{Name: "cnam-csv", ConsecutiveFailures: 4, LastError: "HTTP 503"}, nil)
	if w := englishWords.FindString(p.Get("summary") + " " + p.Get("description")); w != "" {
		t.Errorf("puller texts %v: English %q left", p, w)
	}
}

// TestNotificationLanguage checks that notifications speak the configured
// language and that AlertsIn writes the same alerts in the other one.
func TestNotificationLanguage(t *testing.T) {
	snap := docsSnapshot(1, t0, true)
	m, err := New(Options{Store: openStore(t, ""), Config: offTrackOnly(), Now: (&clock{t: t0}).Now, Registerer: prometheus.NewRegistry(),
		Snapshot: func() *evaluator.Snapshot { return snap }, Notifiers: testNotifiers(), Language: indicators.French})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.evaluate(snap); err != nil {
		t.Fatal(err)
	}
	sent := queued(m, "hook")
	if len(sent) != 1 || !strings.Contains(sent[0].Alerts[0].Annotations["summary"], "hors trajectoire") {
		t.Fatalf("webhook notifications = %+v, want one in French", sent)
	}
	if got := m.AlertsIn(indicators.French); len(got) != 1 || !strings.Contains(got[0].Annotations["summary"], "hors trajectoire") {
		t.Errorf("AlertsIn(fr) = %+v, want the French summary", got)
	}
	got := m.AlertsIn(indicators.English)
	if len(got) != 1 || got[0].Annotations["summary"] != "1-1 Documents alimentés: off track, well behind plan" ||
		!strings.Contains(got[0].Annotations["description"], "315 million a year at 2025-06-30") {
		t.Errorf("AlertsIn(en) = %+v, want the English texts", got)
	}
}

// TestDivergenceFrench: the assessment alert speaks the daemon's language
// too; it was written in English only.
func TestDivergenceFrench(t *testing.T) {
	a, err := newAnnotator("https://jalon.example.org", "")
	if err != nil {
		t.Fatal(err)
	}
	a.lang = tr(indicators.French)
	ann := a.divergence(Divergence{Objective: "1-1", Indicator: "docs", Owners: "green", Computed: "red"}, nil)
	want := map[string]string{
		"summary":     "1-1\u00a0: pilotes plus optimistes que les chiffres",
		"description": "Les pilotes jugent l’indicateur docs de l’objectif 1-1 green quand les chiffres donnent red\u00a0: au moins deux niveaux plus optimistes. Demandez-leur ce qu’ils savent que les chiffres ne montrent pas encore.",
	}
	for name, w := range want {
		if got := ann.Get(name); got != w {
			t.Errorf("divergence %s = %q, want %q", name, got, w)
		}
	}
}
