package report

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer"
)

func paris(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestReportNamesTimeZone renders the formats people read at a moment of
// the day and checks that each writes it in the display zone and names
// that zone: reports wrote "19:36 UTC" whatever the configuration said.
func TestReportNamesTimeZone(t *testing.T) {
	st, c := fixture(t)
	at := date("2025-04-30").Add(19*time.Hour + 36*time.Minute)
	for _, format := range []string{"markdown", "html", "pdf"} {
		t.Run(format, func(t *testing.T) {
			for _, tt := range []struct {
				lang       indicators.Lang
				time, note string
			}{
				{indicators.French, "30 avril 2025, 21:36 (Europe/Paris)", "Heures en Europe/Paris"},
				{indicators.English, "30 April 2025, 21:36 (Europe/Paris)", "Times are in Europe/Paris"},
			} {
				got := render(t, st, c, Query{At: at}, format, Options{Lang: tt.lang, Timezone: paris(t)})
				if format == "pdf" {
					got = pdfToText(t, got)
				}
				for _, want := range []string{tt.time, tt.note} {
					if !strings.Contains(got, want) {
						t.Errorf("%s report in %s lacks %q", format, tt.lang, want)
					}
				}
				if strings.Contains(got, "UTC") {
					t.Errorf("%s report in %s writes a time in UTC, want Europe/Paris", format, tt.lang)
				}
			}
		})
	}
}

// pdfToText reads a PDF back with pdftotext, on one line, so that a phrase
// the layout wraps is still found.
func pdfToText(t *testing.T, doc string) string {
	t.Helper()
	bin := testpeer.Binary(t, "pdftotext")
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
