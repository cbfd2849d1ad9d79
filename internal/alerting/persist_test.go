package alerting

import (
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
)

// TestAppendRecord checks the hand-written encoder against encoding/json.
func TestAppendRecord(t *testing.T) {
	a := &alert{fp: 1, labels: labelParts{own: Labels{{Name: "alertname", Value: "X"}, {Name: "region", Value: "Île \"84\"\n\\"}}},
		annotations: Labels{{Name: "description", Value: "d\u2028"}, {Name: "summary", Value: "à 12 %\t<b>"}}, generatorURL: "http://j/indicators/a&b",
		state: StateFiring, forDur: time.Hour, activeAt: t0, firedAt: t0.Add(time.Hour)}
	lastSent := t0.Add(90 * time.Minute)
	want, _ := json.Marshal(record{Labels: a.labels.own.Map(), Annotations: a.annotations.Map(), GeneratorURL: a.generatorURL,
		State: a.state, For: a.forDur, ActiveAt: a.activeAt, FiredAt: a.firedAt, LastSent: lastSent})
	var got, wantV record
	if err := json.Unmarshal(appendRecord(nil, a, lastSent), &got); err != nil {
		t.Fatalf("appendRecord wrote invalid JSON: %v\n%s", err, appendRecord(nil, a, lastSent))
	}
	json.Unmarshal(want, &wantV)
	if gs, ws := must(json.Marshal(got)), must(json.Marshal(wantV)); string(gs) != string(ws) {
		t.Errorf("appendRecord decodes to\n%s\nwant\n%s", gs, ws)
	}
}

// TestLoadAlertsShares checks that alerts loaded from the store read as
// written, annotations sorted as the cycle writes them, and share the
// strings that repeat from record to record rather than holding copies.
func TestLoadAlertsShares(t *testing.T) {
	st := openStore(t, "")
	mk := func(region string) *alert {
		ls := Labels{{Name: "alertname", Value: "JalonDataStale"}, {Name: "region", Value: region}}
		return &alert{fp: fingerprint(ls), labels: labelParts{own: ls}, state: StateFiring, forDur: time.Hour, activeAt: t0, firedAt: t0,
			annotations:  Labels{{Name: "description", Value: "d " + region}, {Name: "indicator_url", Value: "http://j/indicators/x"}, {Name: "summary", Value: "s " + region}},
			generatorURL: "http://j/indicators/x"}
	}
	written := []*alert{mk("84"), mk("13")}
	var changes []store.StateChange
	for _, a := range written {
		changes = append(changes, a.change(time.Time{}))
	}
	if err := st.UpdateState(changes); err != nil {
		t.Fatal(err)
	}
	got, err := loadAlerts(st, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range written {
		g := got[w.fp]
		if g == nil || !slices.Equal(g.labels.own, w.labels.own) || !slices.Equal(g.annotations, w.annotations) || g.generatorURL != w.generatorURL {
			t.Fatalf("loaded %+v, want %+v", g, w)
		}
	}
	a, b := got[written[0].fp], got[written[1].fp]
	same := func(x, y string) bool { return unsafe.StringData(x) == unsafe.StringData(y) }
	if !same(a.labels.own[0].Name, b.labels.own[0].Name) || !same(a.labels.own[0].Value, b.labels.own[0].Value) ||
		!same(a.annotations[1].Value, b.annotations[1].Value) || !same(a.generatorURL, b.generatorURL) || !same(a.annotations[0].Name, b.annotations[0].Name) {
		t.Error("loaded alerts hold their own copies of the strings they have in common")
	}
}

// TestAnnotationsSorted checks that annotations are sorted by name, runbook
// included, as records write them and as the cycle compares them.
func TestAnnotationsSorted(t *testing.T) {
	a, err := newAnnotator("http://j", "http://wiki/{{ .Alertname }}")
	if err != nil {
		t.Fatal(err)
	}
	x := newRuleset(testCatalog(), &config.Alerting{}).targets["docs"]
	e := evalDocs(t0, indicators.StatusOffTrack)
	for _, ann := range []Labels{a.series(ruleNamed(t, rulename.TrajectoryOffTrack), x, nil, &e, -1), a.puller(PullerState{Name: "p"}, nil)} {
		if !slices.IsSortedFunc(ann, func(a, b indicators.Label) int { return strings.Compare(a.Name, b.Name) }) || ann.Get("runbook_url") == "" {
			t.Errorf("annotations %v: not sorted by name, or no runbook_url", ann)
		}
	}
	if u, v := a.indicatorURL("docs"), a.indicatorURL("docs"); u != "http://j/indicators/docs" || unsafe.StringData(u) != unsafe.StringData(v) {
		t.Errorf("indicatorURL = %q, made again on each call", u)
	}
}
