package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jalonhq/jalon/indicators"
)

// markdownRenderer writes a GitHub-flavoured Markdown document: a table
// with one row per objective, then the status moves and the counts.
type markdownRenderer struct {
	w     io.Writer
	words *words
	since string
	err   error
}

// printf writes until the first error, which End returns.
func (r *markdownRenderer) printf(format string, args ...any) {
	if r.err == nil {
		_, r.err = fmt.Fprintf(r.w, format, args...)
	}
}

// cell makes a catalog's text print as itself in a table cell or a
// heading: the characters HTML reads (a name "<script>…" would run where
// the Markdown is shown as HTML) become entities, Markdown's inline
// metacharacters are escaped with a backslash (| would also end the cell),
// and a line break, which would end the table, becomes a space. Catalog
// texts are written by people who may edit targets, not by the readers of
// the report.
var cell = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`, "~", `\~`,
	"\r\n", " ", "\n", " ", "\r", " ", "\u2028", " ", "\u2029", " ",
).Replace

func (r *markdownRenderer) Begin(h Header) error {
	w := r.words
	r.printf("# %s — %s\n\n", cell(h.Catalog), w.Title(h.Query.At))
	r.printf("%s", w.F("Replayed from the points known at %s, with the values and targets in force then.", w.LongDay(h.Query.At)))
	if !h.Query.Since.IsZero() {
		r.since = w.LongDay(h.Query.Since)
		r.printf("%s", w.F(" Moves are counted from %s.", r.since))
	}
	r.printf("%s", w.ZoneNote())
	r.printf("\n\n| %s | %s | %s |\n|---|---|---|\n", w.T("Objective"), w.T("Status"), w.T("Indicators"))
	return r.err
}

func (r *markdownRenderer) Objective(o *Objective) error {
	lines := make([]string, 0, len(o.Indicators))
	for i := range o.Indicators {
		ind := &o.Indicators[i]
		lines = append(lines, "`"+ind.ID+"` "+cell(ind.Name)+r.words.T(": ")+cell(r.words.Line(ind))+markdownSource(ind))
	}
	if s := r.words.Assessment(o); s != "" {
		lines = append(lines, "*"+cell(s)+"*")
	}
	r.printf("| **%s** %s | %s | %s |\n", cell(o.ID), cell(o.Title), r.words.Moved(o.Status, o.Previous), strings.Join(lines, "<br>"))
	return r.err
}

func (r *markdownRenderer) End(s Summary) error {
	w := r.words
	if r.since != "" {
		r.printf("\n## %s\n\n", w.F("Changes since %s", r.since))
		if len(s.Changes) == 0 {
			r.printf("%s\n", w.T("No indicator changed status."))
		} else {
			r.printf("| %s | %s | %s | %s |\n|---|---|---|---|\n", w.T("Objective"), w.T("Indicator"), w.T("Before"), w.T("Now"))
			for _, c := range s.Changes {
				r.printf("| %s | `%s` | %s | %s |\n", cell(c.Objective), c.Indicator, w.Status(c.From), w.Status(c.To))
			}
		}
	}
	r.printf("\n## %s\n\n| %s | %s |\n|---|---|\n", w.T("Indicators by status"), w.T("Status"), w.T("Indicators"))
	for _, st := range indicators.Statuses {
		if n := s.Counts[st]; n > 0 {
			r.printf("| %s | %d |\n", w.Status(st), n)
		}
	}
	return r.err
}
