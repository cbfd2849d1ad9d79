package pages

import (
	"strings"
	"testing"
)

// TestPagesShowPaceInFrench: the indicator page and its objective's page
// say, in French, the pace the next target needs beside the recent one.
func TestPagesShowPaceInFrench(t *testing.T) {
	h := newPagesHarness(t)
	pushPagesFixture(t, h)
	pages := h.pages(Options{})
	_, obj, ok := h.eval.Catalog().Indicator(indPercent)
	if !ok {
		t.Fatalf("catalog has no %s", indPercent)
	}
	want := "<dt>Rythme pour 50\u202f% au 2026-12-31</dt><dd>il faut 0,631\u202f% par mois\u202f; rythme récent 2,65\u202f% par mois</dd>"
	for _, path := range []string{"/indicators/" + indPercent + "?lang=fr", "/objectives/" + obj.ID + "?lang=fr"} {
		if body := page(t, pages, path).Body.String(); !strings.Contains(body, want) {
			t.Errorf("GET %s: no %q", path, want)
		}
	}
}
