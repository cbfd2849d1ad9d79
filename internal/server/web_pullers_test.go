package server

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"
)

// TestPullersPageSkippedReasons runs a puller that skips invalid rows and
// checks that the /pullers page says how many and why, in English and in
// French.
func TestPullersPageSkippedReasons(t *testing.T) {
	h := newHarness(t)
	m := pullerManager(t, h, &pullerSource{body: skippedCSV}, "skip_invalid_rows = true")
	if err := m.RunNow(context.Background(), "ins"); err != nil {
		t.Fatal(err)
	}
	var missing []string
	p := newPages(h.api, PagesOptions{Pullers: PullerViews(m)})
	p.missing = func(key string) { missing = append(missing, key) }
	mux := p.handler()
	tests := []struct{ lang, summary string }{
		{"en", "Invalid rows skipped: 3"},
		{"fr", "Lignes invalides ignorées\u00a0: 3"},
	}
	for _, tc := range tests {
		w := page(t, mux, "/pullers?lang="+tc.lang)
		body := html.UnescapeString(w.Body.String())
		want := []string{"<summary>" + tc.summary + "</summary>"}
		for _, r := range skippedReasons {
			want = append(want, "<li><code>"+r+"</code></li>")
		}
		for _, s := range want {
			if !strings.Contains(body, s) {
				t.Errorf("GET /pullers?lang=%s lacks %q:\n%s", tc.lang, s, body)
			}
		}
	}
	for _, k := range missing {
		t.Errorf("no French for %q", k)
	}
}

// TestPullerSkippedMore checks that the page says how many skipped rows
// it does not quote, and shows a count alone when no reason was kept (a
// state saved before reasons were).
func TestPullerSkippedMore(t *testing.T) {
	h := newPagesHarness(t)
	reasons := make([]string, 10)
	for i := range reasons {
		reasons[i] = fmt.Sprintf(`row %d, column "taux": "x" is not a number`, i+2)
	}
	pages := h.api.Pages(PagesOptions{Pullers: func() []PullerView {
		return []PullerView{
			{Name: "many", Kind: "csv", LastRun: testNow, LastSuccess: testNow, LastPoints: 4, Skipped: 25, SkippedReasons: reasons},
			{Name: "old", Kind: "csv", LastRun: testNow, LastSuccess: testNow, LastPoints: 4, Skipped: 3},
		}
	}})
	body := html.UnescapeString(page(t, pages, "/pullers").Body.String())
	for _, want := range []string{
		`<li><code>row 11, column "taux": "x" is not a number</code></li><li>… and 15 more</li></ul>`,
		`<td>4 <span class="sub">Invalid rows skipped: 3</span></td>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /pullers lacks %q:\n%s", want, body)
		}
	}
}
