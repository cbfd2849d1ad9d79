package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer"
)

// pdfText renders the fixture's report as a PDF in lang and reads it back
// with pdftotext (Debian's poppler-utils), the spaces a French number groups
// with made plain.
func pdfText(t *testing.T, lang indicators.Lang) string {
	t.Helper()
	bin := testpeer.Binary(t, "pdftotext")
	st, c := fixture(t)
	q := Query{At: EndOfDay(date("2025-04-30")), Since: EndOfDay(date("2025-01-31"))}
	doc := render(t, st, c, q, "pdf", Options{Lang: lang})
	if !strings.HasPrefix(doc, "%PDF-") {
		t.Fatalf("PDF report starts %q, want %%PDF-", doc[:min(len(doc), 16)])
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(bin, "-enc", "UTF-8", file, "-")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, stderr.String())
	}
	return strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(out.String())
}

func TestPDFFrench(t *testing.T) {
	text := pdfText(t, indicators.French)
	for _, want := range []string{
		"Situation au 30 avril 2025",                    // the title, accents included
		"Statut : à risque",                             // an objective's status
		"prévu 312,4 par an",                            // a figure as French writes it
		"Dernier chiffre : 298 par an au",               // the latest figure…
		"source : https://www.data.gouv.fr/mes-2025-03", // …with its source
		"31/03/2025",                                    // a French date
		"Établissements sensibilisés",                   // a catalog name
		"Provence-Alpes-Côte d'Azur (93)",               // the territorial part shown
		"Évolutions depuis le 31 janvier 2025",
		"1-1 Documents | per year : hors trajectoire → à risque", // a move, the indicator named
		"Page 1",
		"Rythme : il faut 4,85 par an par mois ; rythme récent 5,11 par an par mois",     // the pace, on its own line
		"Appréciation des pilotes (Mme Durand, 20/04/2025) : vert — Rattrapage en cours", // the owners' assessment known then…
		"DIVERGENCE : les pilotes sont d’au moins deux niveaux plus optimistes",          // …flagged against the figures
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF report lacks %q:\n%s", want, text)
		}
	}
	// An assessment recorded after the report's date does not show.
	if strings.Contains(text, "Plus tard") {
		t.Errorf("PDF report at 2025-04-30 shows the assessment of 2025-07-20:\n%s", text)
	}
}

func TestPDFEnglish(t *testing.T) {
	text := pdfText(t, indicators.English)
	for _, want := range []string{"Status as of 30 April 2025", "Status: at risk (was off track)", "plan 312.4 a year", "Latest figure: 298 a year on 2025-03-31",
		"Pace: you need 4.85 a year a month; recent pace 5.11 a year a month"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF report lacks %q:\n%s", want, text)
		}
	}
}
