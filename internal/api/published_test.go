package api

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/wire"
)

// oneOnePublished is issue 11's "done when": the 1-1 figures as published,
// two calendar-year totals and a 12-month total to September 2024.
const oneOnePublished = `{"measurements":[
 {"indicator":"mes_documents_fed_per_year","start":"2023-10-01","time":"2024-09-30","value":270000000,"qualifier":"about",
  "source":"Assurance Maladie","source_url":"https://news.dayfr.com/health/3775187.html"},
 {"indicator":"mes_documents_fed_per_year","start":"2024-01-01","time":"2024-12-31","value":300000000},
 {"indicator":"mes_documents_fed_per_year","start":"2025-01-01","time":"2025-12-31","value":420000000,"qualifier":"at_least"}]}`

func TestOneOneAsPublished(t *testing.T) {
	h := newHarnessAt(t, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), store.Options{}, Options{})
	if w := h.push(t, oneOnePublished); w.Code != http.StatusOK {
		t.Fatalf("push = %d %s", w.Code, w.Body)
	}
	w := h.do(t, "GET", "/api/v1/indicators/"+ind11, "", "")
	got := decodeBody[struct {
		Input       string            `json:"input"`
		Period      string            `json:"period"`
		Evaluations []wire.Evaluation `json:"evaluations"`
	}](t, w)
	if got.Input != "count" || got.Period != "30d" {
		t.Errorf("GET indicator: input %q, period %q; want count and 30d in the definition", got.Input, got.Period)
	}
	if len(got.Evaluations) != 1 {
		t.Fatalf("GET indicator = %s, want one evaluation", w.Body)
	}
	ev := got.Evaluations[0]
	if ev.Status != "achieved" || ev.Latest == nil || ev.Latest.Value == nil || *ev.Latest.Value != 420e6 || ev.Latest.Qualifier != "at_least" {
		t.Errorf("GET indicator: status %s, latest %+v; want achieved at ≥ 420 M", ev.Status, ev.Latest)
	}
	f := ev.Forecast
	if f == nil || f.Value == nil || f.Low == nil || f.High == nil || ev.Probability == nil || math.IsNaN(*f.Value) || *f.Low >= *f.High {
		t.Errorf("GET indicator: forecast %+v, probability %v; want finite numbers and a real interval", f, ev.Probability)
	}
	series := h.do(t, "GET", "/api/v1/indicators/"+ind11+"/series", "", "").Body.String()
	for _, want := range []string{`"start":"2023-10-01T00:00:00Z","time":"2024-09-30T00:00:00Z","value":270000000,"qualifier":"about"`,
		`"source_url":"https://news.dayfr.com/health/3775187.html"`, `"qualifier":"at_least"`} {
		if !strings.Contains(series, want) {
			t.Errorf("GET series = %s, want %s", series, want)
		}
	}
}

func TestPushPublishedCSV(t *testing.T) {
	h := newHarnessAt(t, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), store.Options{}, Options{})
	body := "indicator,start,time,value,qualifier,source,source_url\n" +
		"mes_documents_fed_per_year,2024-01-01,2024-12-31,300000000,,CNAM,https://example.org/2024\n" +
		"mes_documents_fed_per_year,2025-01-01,2025-12-31,420000000,at_least,CNAM,https://example.org/2025\n"
	if w := h.do(t, "POST", "/api/v1/measurements", "text/csv", body); w.Code != http.StatusOK {
		t.Fatalf("push CSV = %d %s", w.Code, w.Body)
	}
	series := h.do(t, "GET", "/api/v1/indicators/"+ind11+"/series", "", "").Body.String()
	if !strings.Contains(series, `"start":"2025-01-01T00:00:00Z","time":"2025-12-31T00:00:00Z","value":420000000,"qualifier":"at_least","source":"CNAM","source_url":"https://example.org/2025"`) {
		t.Errorf("GET series after a CSV push = %s, want start, qualifier and URL", series)
	}
}

func TestPushPublishedErrors(t *testing.T) {
	h := newHarnessAt(t, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), store.Options{}, Options{})
	cases := []struct {
		name, contentType, body, want string
	}{
		{"bad start", "application/json", `{"measurements":[{"indicator":"mes_documents_fed_per_year","start":"2024","time":"2024-12-31","value":1}]}`,
			`item 0: start: \"2024\" is neither an RFC 3339 time nor a YYYY-MM-DD date`},
		{"start on a level", "application/json", `{"measurements":[{"indicator":"appli_carte_vitale_users","time":"2025-01-01","value":1},` +
			`{"indicator":"appli_carte_vitale_users","start":"2024-01-01","time":"2024-12-31","value":1}]}`,
			`item 1: start: only a count`},
		{"CSV qualifier", "text/csv", "indicator,time,value,qualifier\nmes_documents_fed_per_year,2024-12-31,1,plus_de\n",
			`line 2: qualifier: \"plus_de\" is not a qualifier`},
		{"CSV link", "text/csv", "indicator,time,value,source_url\nmes_documents_fed_per_year,2024-12-31,1,ftp://x.fr/a\n",
			`line 2: source_url: \"ftp://x.fr/a\" is not an http or https URL`},
	}
	for _, c := range cases {
		w := h.do(t, "POST", "/api/v1/measurements", c.contentType, c.body)
		if w.Code != http.StatusBadRequest && w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s: push = %d %s, want 400/422 with %s", c.name, w.Code, w.Body, c.want)
		}
	}
}
