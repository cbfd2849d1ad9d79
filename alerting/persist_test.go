package alerting

import (
	"encoding/json"
	"testing"
	"time"
)

// TestAppendRecord checks the hand-written encoder against encoding/json.
func TestAppendRecord(t *testing.T) {
	a := &alert{fp: 1, labels: Labels{{Name: "alertname", Value: "X"}, {Name: "region", Value: "Île \"84\"\n\\"}},
		annotations: map[string]string{"summary": "à 12 %\t<b>", "description": "d\u2028"}, generatorURL: "http://j/indicators/a&b",
		state: StateFiring, forDur: time.Hour, activeAt: t0, firedAt: t0.Add(time.Hour)}
	lastSent := t0.Add(90 * time.Minute)
	want, _ := json.Marshal(record{Labels: a.labels.Map(), Annotations: a.annotations, GeneratorURL: a.generatorURL,
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
