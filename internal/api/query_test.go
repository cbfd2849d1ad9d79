package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/wire"
)

func TestObjectives(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	w := h.do(t, "GET", "/api/v1/objectives", "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/objectives = %d", w.Code)
	}
	got := decodeBody[struct {
		Objectives []struct {
			ID         string   `json:"id"`
			Owners     []string `json:"owners"`
			Indicators []struct {
				ID          string            `json:"id"`
				Evaluations []wire.Evaluation `json:"evaluations"`
			} `json:"indicators"`
		} `json:"objectives"`
	}](t, w)
	if len(got.Objectives) != 65 {
		t.Fatalf("objectives = %d, want 65", len(got.Objectives))
	}
	o := got.Objectives[0]
	if o.ID != "1-1" || o.Owners[0] != "DNS" || o.Indicators[0].ID != ind11 {
		t.Fatalf("first objective = %s %v %s, want 1-1 owned by DNS with %s", o.ID, o.Owners, o.Indicators[0].ID, ind11)
	}
	ev := o.Indicators[0].Evaluations
	if len(ev) != 1 || ev[0].Latest == nil || ev[0].Latest.Value == nil || *ev[0].Latest.Value <= 2.4e7 || ev[0].Status == "no_data" {
		t.Errorf("1-1 evaluations = %+v, want one judged series with a yearly rate", ev)
	}
	for _, o := range got.Objectives {
		for _, ind := range o.Indicators {
			if len(ind.Evaluations) == 0 {
				t.Errorf("%s/%s has no evaluation, want at least a no_data one", o.ID, ind.ID)
			}
		}
	}
}

func TestIndicator(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	w := h.do(t, "GET", "/api/v1/indicators/"+indRegion, "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("GET indicator = %d %s", w.Code, w.Body)
	}
	got := decodeBody[struct {
		Objective   string            `json:"objective"`
		Unit        string            `json:"unit"`
		Evaluations []wire.Evaluation `json:"evaluations"`
	}](t, w)
	if got.Objective != "7-3" || got.Unit != "count" || len(got.Evaluations) != 2 {
		t.Fatalf("indicator = %+v, want objective 7-3, unit count, 2 regional series", got)
	}
	for _, e := range got.Evaluations {
		if e.Latest == nil {
			t.Errorf("regional part %v has no latest value", e.Labels)
		}
		if e.Target != nil || e.PlannedNow != nil {
			t.Errorf("regional part %v of an additive indicator has target %v, plan %v; want none", e.Labels, e.Target, e.PlannedNow)
		}
	}
	if w := h.do(t, "GET", "/api/v1/indicators/nope", "", ""); w.Code != http.StatusNotFound {
		t.Errorf("GET unknown indicator = %d, want 404", w.Code)
	}
}

func TestSeries(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	type series struct {
		Labels map[string]string `json:"labels"`
		Points []struct {
			Time  time.Time `json:"time"`
			Value float64   `json:"value"`
		} `json:"points"`
	}
	type response struct {
		Series []series `json:"series"`
	}
	tests := []struct {
		name, query string
		series      int
		points      int
	}{
		{"all of 1-1", "/api/v1/indicators/" + ind11 + "/series", 1, 6},
		{"range", "/api/v1/indicators/" + ind11 + "/series?from=2024-12-01&to=2025-03-01", 1, 3},
		{"one region", "/api/v1/indicators/" + indRegion + "/series?labels=region=84", 1, 1},
		{"both regions", "/api/v1/indicators/" + indRegion + "/series", 2, 2},
		{"no match", "/api/v1/indicators/" + indRegion + "/series?labels=region=93", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := h.do(t, "GET", tt.query, "", "")
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s = %d %s", tt.query, w.Code, w.Body)
			}
			got := decodeBody[response](t, w)
			n := 0
			for _, s := range got.Series {
				n += len(s.Points)
			}
			if len(got.Series) != tt.series || n != tt.points {
				t.Errorf("GET %s = %d series, %d points, want %d, %d", tt.query, len(got.Series), n, tt.series, tt.points)
			}
		})
	}
}

func TestSeriesRefused(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	tests := []struct {
		name, query string
		want        string
	}{
		{"bad from", ind11 + "/series?from=yesterday", `from: \"yesterday\" is neither`},
		{"unknown parameter", indRegion + "/series?label=region=84", `unknown query parameter \"label\" (known: from, to, labels)`},
		{"from twice", ind11 + "/series?from=2025-01-01&from=2025-02-01", `from: given 2 times`},
		{"labels twice", indRegion + "/series?labels=region=84&labels=region=11", `labels: given 2 times`},
		{"from after to", ind11 + "/series?from=2026-09-01&to=2026-01-01", `from 2026-09-01T00:00:00Z is after to 2026-01-01T00:00:00Z`},
		{"pair without =", ind11 + "/series?labels=region", `labels: \"region\": want name=value pairs`},
		{"semicolon", indRegion + "/series?labels=region=84;region=11", `query \"labels=region=84;region=11\": ';' does not separate anything`},
		{"bad escape", indRegion + "/series?labels=region=%zz", `query string: invalid URL escape`},
		{"not a dimension", indRegion + "/series?labels=city=lyon", `labels: city is not a dimension of ` + indRegion + ` (dimensions: region)`},
		{"no dimensions", ind11 + "/series?labels=region=84", `labels: region is not a dimension of ` + ind11 + `, which takes no labels`},
		{"label twice", indRegion + "/series?labels=region=84,region=11", `labels: region given twice (\"84\" and \"11\")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := h.do(t, "GET", "/api/v1/indicators/"+tt.query, "", "")
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("GET %s = %d %s, want 400 and %s", tt.query, w.Code, w.Body, tt.want)
			}
		})
	}
}
