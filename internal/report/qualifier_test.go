package report

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// TestReportPrintsQualifier: a published lower bound is reported as one
// ("≥ 420") with a link to its source, in words, HTML and JSON, and as known before it was published
// the report does not have it.
func TestReportPrintsQualifier(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Now: func() time.Time { return date("2026-01-29") }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := indicators.Measurement{Indicator: "docs", Time: date("2025-12-31"), Value: 420, Qualifier: indicators.AtLeast,
		Source: "CNAM", SourceURL: "https://example.org/bilan_(2025)"}
	if _, err := st.Write(t.Context(), []indicators.Measurement{m}, "test"); err != nil {
		t.Fatal(err)
	}
	c := catalog()
	at := Query{At: EndOfDay(date("2026-02-15"))}
	if md := render(t, st, c, at, "markdown", Options{}); !strings.Contains(md, "actual ≥\u00a0420 a year on 2025-12-31") ||
		!strings.Contains(md, "([CNAM](https://example.org/bilan_%282025%29))") {
		t.Errorf("Markdown report does not print the lower bound:\n%s", md)
	}
	if js := render(t, st, c, at, "json", Options{}); !strings.Contains(js, `"value":420,"qualifier":"at_least","source":"CNAM","source_url":"https://example.org/bilan_(2025)"`) {
		t.Errorf("JSON report does not give the qualifier:\n%s", js)
	}
	if h := render(t, st, c, at, "html", Options{}); !strings.Contains(h, `(<a href="https://example.org/bilan_%282025%29" rel="noopener noreferrer nofollow">CNAM</a>)`) {
		t.Errorf("HTML report does not link the source:\n%s", h)
	}
	if js := render(t, st, c, Query{At: EndOfDay(date("2026-01-28"))}, "json", Options{}); strings.Contains(js, `"value":420`) {
		t.Errorf("report as known the day before publication shows the figure:\n%s", js)
	}
}
