package pages

import (
	"strings"
	"testing"
)

// TestOverdueNotReported checks that a milestone past its deadline with
// nothing reported (mes_prescription_messaging_launch, due 2023-05-31,
// judged 2025-06-30) reads as overdue in the alarm colour, in both
// languages, on its page and on the roadmap, not "on the way to done".
func TestOverdueNotReported(t *testing.T) {
	h := newPagesHarness(t).pages(Options{})
	const id = "mes_prescription_messaging_launch"
	for _, tc := range []struct{ path, badge, sentence string }{
		{"/indicators/" + id + "?lang=en", "Overdue, not reported", "has passed with nothing reported: the milestone is overdue"},
		{"/indicators/" + id + "?lang=fr", "En retard, non déclaré", "est passée sans rien de déclaré"},
		{"/?lang=en", "Overdue, not reported", ""},
		{"/?lang=fr", "En retard, non déclaré", ""},
	} {
		w := page(t, h, tc.path)
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("GET %s = %d", tc.path, w.Code)
		}
		want := `<span class="badge status-missed"><span class="sym" aria-hidden="true">✗</span> ` + tc.badge + `</span>`
		if !strings.Contains(body, want) {
			t.Errorf("GET %s lacks %s", tc.path, want)
		}
		if !strings.Contains(body, tc.sentence) {
			t.Errorf("GET %s lacks %q", tc.path, tc.sentence)
		}
		if strings.Contains(body, "on the way to") || strings.Contains(body, "en route vers") {
			t.Errorf("GET %s still says the overdue milestone is on its way", tc.path)
		}
	}
}
