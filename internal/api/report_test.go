package api

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// reportHarness is a harness whose store stamps arrivals a day before
// testNow, so that the pushed points are known to a report of testNow.
func reportHarness(t *testing.T) *harness {
	t.Helper()
	arrival := func() time.Time { return testNow.Add(-24 * time.Hour) }
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Now: arrival})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := func() time.Time { return testNow }
	ev := evaluator.New(st, roadmap(t), evaluator.Options{Now: now})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	api, err := New(st, ev, wired(t, st, ev, Options{Now: now}))
	if err != nil {
		t.Fatal(err)
	}
	return &harness{api: api, store: st, eval: ev}
}

func (h *harness) report(query string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", "/api/v1/report?"+query, nil)
	r.RemoteAddr = "127.0.0.1:40000"
	w := httptest.NewRecorder()
	h.api.Report().ServeHTTP(w, r)
	return w
}

func TestReport(t *testing.T) {
	h := reportHarness(t)
	pushFixture(t, h)

	w := h.report("at=2025-06-30&since=2025-06-28&format=csv&separator=semicolon&bom=true")
	body := w.Body.String()
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("GET report as CSV = %d %s %q", w.Code, w.Header().Get("Content-Type"), body)
	}
	if !strings.HasPrefix(body, "\uFEFFobjectif;titre_objectif;") {
		t.Errorf("CSV report starts %q, want a BOM and a French header separated by semicolons", body[:40])
	}
	if !strings.Contains(w.Header().Get("Content-Disposition"), `filename="jalon-report-2025-06-30.csv"`) {
		t.Errorf("Content-Disposition = %q, want a file name with the date", w.Header().Get("Content-Disposition"))
	}
	// The fixture's percent indicator moved from no data (nothing had
	// arrived on 2025-06-28) to a status; its value has a decimal comma.
	if !strings.Contains(body, ";no_data;41,5;2025-05-31;") {
		t.Errorf("CSV report lacks the percent indicator's move and value 41,5:\n%s", body)
	}
	if rows := strings.Count(body, "\r\n"); rows != 1+87 {
		t.Errorf("CSV report has %d rows, want a header and one per indicator (87)", rows)
	}

	w = h.report("at=2025-06-28")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"status":"no_data"`) || strings.Contains(w.Body.String(), `"actual":{`) {
		t.Errorf("GET report before any arrival = %d, want every indicator without data:\n%.300s", w.Code, w.Body)
	}
}

func TestReportErrors(t *testing.T) {
	h := reportHarness(t)
	tests := []struct{ query, want string }{
		{"at=2030-01-01", `at: 2030-01-01 is in the future`},
		{"at=30/06/2025", `at: \"30/06/2025\" is neither an RFC 3339 time nor a YYYY-MM-DD date`},
		{"at=2025-06-01&since=2025-06-01", `since: 2025-06-01 is not before 2025-06-01`},
		{"format=xlsx", `format \"xlsx\": want json, markdown, html, pdf, csv`},
		{"format=csv&separator=%3B%3B", `separator: \";;\": want one character`},
		{"format=csv&bom=oui", `bom: \"oui\": want true or false`},
		{"lang=de", `lang: \"de\": want fr or en`},
	}
	for _, tt := range tests {
		w := h.report(tt.query)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("GET report?%s = %d %s, want 400 with %s", tt.query, w.Code, w.Body, tt.want)
		}
	}
}

// TestReportHeaders checks that an HTML report gets the pages' policy (it is
// served on jalond's origin) and that a refused separator is the client's
// mistake, not the server's.
func TestReportHeaders(t *testing.T) {
	h := reportHarness(t)
	w := h.report("format=html")
	if csp := w.Header().Get("Content-Security-Policy"); w.Code != http.StatusOK || !strings.Contains(csp, "default-src 'none'") ||
		w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("HTML report = %d, headers %v; want 200 with the pages' Content-Security-Policy and nosniff", w.Code, w.Header())
	}
	w = h.report("format=csv&separator=%FF")
	if w.Code != http.StatusBadRequest || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("CSV report with separator %%FF = %d %s, want 400 with nosniff", w.Code, w.Body)
	}
}

// TestReportLanguage checks that a report is French unless the request or
// the daemon's configuration says otherwise.
func TestReportLanguage(t *testing.T) {
	h := reportHarness(t)
	for _, tt := range []struct {
		lang  indicators.Lang // the daemon's configured language
		query string
		want  string
	}{
		{"", "format=html", `<html lang="fr">`},
		{"", "format=html&lang=en", `<html lang="en">`},
		{indicators.English, "format=html", `<html lang="en">`},
		{indicators.English, "format=markdown&lang=fr", "Situation au 30 juin 2025"},
		{"", "format=csv&lang=en", "objective,objective_title,"},
		{"", "format=pdf", "%PDF-"},
	} {
		h.api.opts.Language = tt.lang
		w := h.report(tt.query)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("language %q, GET report?%s = %d, want %q in:\n%.400s", tt.lang, tt.query, w.Code, tt.want, w.Body)
		}
	}
}

func TestReportPDF(t *testing.T) {
	h := reportHarness(t)
	w := h.report("at=2025-06-30&format=pdf")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" || !strings.HasPrefix(w.Body.String(), "%PDF-") {
		t.Fatalf("GET report as PDF = %d %s %.20q, want 200 and a PDF", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="jalon-report-2025-06-30.pdf"`) {
		t.Errorf("Content-Disposition = %q, want a PDF file name with the date", cd)
	}
}
