package report

import (
	"strings"
	"testing"

	"github.com/jalonhq/jalon/indicators"
)

// TestReportFrench checks what the committee reads first: the page's
// language, a title in words rather than a timestamp, statuses, dates and
// numbers in French.
func TestReportFrench(t *testing.T) {
	st, c := fixture(t)
	q := Query{At: EndOfDay(date("2025-04-30")), Since: EndOfDay(date("2025-01-31"))}
	html := render(t, st, c, q, "html", Options{Lang: indicators.French})
	for _, want := range []string{
		`<html lang="fr">`,
		"<title>Feuille de route — Situation au 30 avril 2025</title>",
		"à risque (auparavant : hors trajectoire)",
		"réalisé 298 par an au 31/03/2025, prévu 312,4 par an, cible 400 par an d’ici le 31/12/2026 (fin 2026)",
		"réalisé 20\u202f% au 31/01/2025",
		"cible fait d’ici le 30/06/2026",
		"Évolutions depuis le 31 janvier 2025",
		"@media print",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("French HTML report lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "2025-04-30T") {
		t.Errorf("French HTML report shows an RFC 3339 time:\n%s", html)
	}
}

// TestReportTitleTime checks that a report not at the end of a day says
// the time it stands at, in the display zone, named.
func TestReportTitleTime(t *testing.T) {
	w := Options{Lang: indicators.French, Timezone: paris(t)}.words()
	at := date("2026-12-06").Add(19*3600e9 + 36*60e9 + 38e9)
	if got, want := w.Title(at), "Situation au 6 décembre 2026, 20:36 (Europe/Paris)"; got != want {
		t.Errorf("Title(%s) = %q, want %q", at, got, want)
	}
	if got, want := newWords(indicators.English).Title(EndOfDay(at)), "Status as of 6 December 2026"; got != want {
		t.Errorf("Title(end of day) = %q, want %q", got, want)
	}
}

// TestFrenchComplete renders every format in French and fails on any
// message the dictionary lacks.
func TestFrenchComplete(t *testing.T) {
	st, c := fixture(t)
	q := Query{At: EndOfDay(date("2025-04-30")), Since: EndOfDay(date("2025-01-31"))}
	for _, format := range Formats {
		var missing []string
		r, err := New(format, &strings.Builder{}, Options{Lang: indicators.French})
		if err != nil {
			t.Fatal(err)
		}
		withMissing(r, func(k string) { missing = append(missing, k) })
		if err := Write(st, c, q, r); err != nil {
			t.Fatal(err)
		}
		for _, st := range indicators.Statuses {
			newWordsMissing(func(k string) { missing = append(missing, k) }).Status(st)
		}
		for _, c := range indicators.Confidences {
			newWordsMissing(func(k string) { missing = append(missing, k) }).Confidence(c)
		}
		if len(missing) > 0 {
			t.Errorf("%s in French lacks %q", format, missing)
		}
	}
}

func newWordsMissing(fn func(string)) *words {
	w := newWords(indicators.French)
	w.missing = fn
	return w
}

// withMissing sets the missing hook of r's words, if it has any.
func withMissing(r Renderer, fn func(string)) {
	switch r := r.(type) {
	case *htmlRenderer:
		r.words.missing = fn
	case *markdownRenderer:
		r.words.missing = fn
	case *pdfRenderer:
		r.words.missing = fn
	}
}
