package pages

import (
	"fmt"
	"html"
	"strings"
	"testing"
)

// TestPullerSkippedMore checks that the page says how many skipped rows
// it does not quote, and shows a count alone when no reason was kept (a
// state saved before reasons were).
func TestPullerSkippedMore(t *testing.T) {
	h := newPagesHarness(t)
	reasons := make([]string, 10)
	for i := range reasons {
		reasons[i] = fmt.Sprintf(`row %d, column "taux": "x" is not a number`, i+2)
	}
	pages := h.pages(Options{Pullers: func() []PullerView {
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
