package report

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// hostile is a name that means something to HTML, Markdown and a
// spreadsheet; CheckText lets it through, as it is printable.
const hostile = "<script>alert(1)</script> | *b* _i_ [l](javascript:x) `c` ~s~ \\ &amp;"

// TestReportEscapes renders a catalog whose texts are hostile in every
// format: each prints them as text, and none lets them act.
func TestReportEscapes(t *testing.T) {
	st, c := fixture(t)
	c.Name = "# " + hostile
	o := &c.Objectives[0]
	o.Title = hostile
	o.Indicators[0].Name = hostile
	o.Indicators[0].Milestones[1].DeadlineText = "<b>fin</b> 2026"
	c.Objectives[1].Indicators[0].Name = "=HYPERLINK(\"http://x\")"
	c.Objectives[2].Indicators[0].Name = "@SUM(A1)"
	c.Objectives[2].Title = "\t=1+1"
	c.Objectives[1].Title = "\r-2"
	q := Query{At: EndOfDay(date("2025-08-31"))}

	md := render(t, st, c, q, "markdown", Options{})
	esc := `&lt;script&gt;alert(1)&lt;/script&gt; \| \*b\* \_i\_ \[l\](javascript:x) \` + "`c\\` \\~s\\~ \\\\ &amp;amp;"
	for _, want := range []string{"# # " + esc + " — Status as of", "| **1-1** " + esc + " | ", "`docs` " + esc + ": ", "(&lt;b&gt;fin&lt;/b&gt; 2026)"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown report lacks %q:\n%s", want, md)
		}
	}
	html := render(t, st, c, q, "html", Options{})
	for name, out := range map[string]string{"Markdown": md, "HTML": html} {
		if strings.Contains(out, "<script") || strings.Contains(out, "<b>") {
			t.Errorf("%s report prints markup raw:\n%s", name, out)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("HTML report lacks the escaped name:\n%s", html)
	}

	rows, err := csv.NewReader(strings.NewReader(render(t, st, c, q, "csv", Options{}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range rows[1:] {
		got[r[1]], got[r[6]] = true, true // objective_title, indicator_name
	}
	for _, want := range []string{hostile, "'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'\t=1+1"} {
		if !got[want] {
			t.Errorf("CSV report lacks the cell %q: %q", want, rows)
		}
	}

	// encoding/csv reads a carriage return in a field as nothing.
	if title := rows[2][1]; !strings.HasPrefix(title, "'") {
		t.Errorf("CSV report cell %q, want it to begin with an apostrophe", title)
	}

	var doc struct{ Objectives []struct{ Title string } }
	if err := json.Unmarshal([]byte(render(t, st, c, q, "json", Options{})), &doc); err != nil || doc.Objectives[0].Title != hostile {
		t.Errorf("JSON report title = %q, %v; want %q", doc.Objectives[0].Title, err, hostile)
	}
}
