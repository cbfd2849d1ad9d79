package pages

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/store"
)

// oneOnePublished is issue 11's "done when": the 1-1 figures as published,
// two calendar-year totals and a 12-month total to September 2024.
const oneOnePublished = `{"measurements":[
 {"indicator":"mes_documents_fed_per_year","start":"2023-10-01","time":"2024-09-30","value":270000000,"qualifier":"about",
  "source":"Assurance Maladie","source_url":"https://news.dayfr.com/health/3775187.html"},
 {"indicator":"mes_documents_fed_per_year","start":"2024-01-01","time":"2024-12-31","value":300000000},
 {"indicator":"mes_documents_fed_per_year","start":"2025-01-01","time":"2025-12-31","value":420000000,"qualifier":"at_least"}]}`

// TestPagesShowPublishedFigures: the indicator page prints a lower bound
// as "≥", a count's period, and the source as a link to its page.
func TestPagesShowPublishedFigures(t *testing.T) {
	h := harnessAt(t, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), store.Options{})
	if w := h.push(t, oneOnePublished); w.Code != http.StatusOK {
		t.Fatalf("push = %d %s", w.Code, w.Body)
	}
	body := page(t, h.pages(Options{}), "/indicators/"+ind11).Body.String()
	for _, want := range []string{"≥\u00a0420", "2025-01-01 → 2025-12-31",
		`<a href="https://news.dayfr.com/health/3775187.html" rel="noopener noreferrer nofollow">Assurance Maladie</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("indicator page does not show %q", want)
		}
	}
	if roadmap := page(t, h.pages(Options{}), "/").Body.String(); !strings.Contains(roadmap, "≥\u00a0420") {
		t.Errorf("roadmap page does not show 1-1's latest as ≥ 420 M")
	}
}
