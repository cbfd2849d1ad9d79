package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Formats lists the formats New knows, the first being the default.
var Formats = []string{"json", "markdown", "html", "pdf", "csv"}

// Options shape the output.
type Options struct {
	// Lang is the language of the texts, dates and numbers of the Markdown,
	// HTML and PDF formats and of the CSV headers; zero means English. JSON
	// is for programs and has no language.
	Lang indicators.Lang
	// Separator separates CSV fields; zero means a comma. With a semicolon,
	// numbers are written with a decimal comma, as a French spreadsheet
	// reads them.
	Separator rune
	// BOM starts the CSV with a UTF-8 byte order mark, which spreadsheets
	// take as the sign that the file is UTF-8.
	BOM bool
	// Timezone is the zone the Markdown, HTML and PDF formats write times
	// of day in, and name; nil means UTC. JSON writes UTC, and the CSV
	// holds calendar days only.
	Timezone *time.Location
}

// New returns a renderer writing format to w.
func New(format string, w io.Writer, opts Options) (Renderer, error) {
	switch format {
	case "json", "":
		return &jsonRenderer{w: w}, nil
	case "markdown", "md":
		return &markdownRenderer{w: w, words: opts.words()}, nil
	case "html":
		return &htmlRenderer{w: w, words: opts.words()}, nil
	case "pdf":
		return newPDF(w, opts.words()), nil
	case "csv":
		return newCSV(w, opts)
	}
	return nil, fmt.Errorf("format %q: want %s", format, strings.Join(Formats, ", "))
}

// ContentType is the media type of a format New knows.
func ContentType(format string) string {
	switch format {
	case "markdown", "md":
		return "text/markdown; charset=utf-8"
	case "html":
		return "text/html; charset=utf-8"
	case "csv":
		return "text/csv; charset=utf-8"
	case "pdf":
		return "application/pdf"
	}
	return "application/json; charset=utf-8"
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// targetText is "400 a year by 2026-12-31 (fin 2026)", or "done by …" for a
// dated milestone.
func (w *words) targetText(unit string, m *indicators.Milestone) string {
	if m == nil {
		return ""
	}
	v := w.T("done")
	if m.Value != nil {
		v = w.Value(unit, *m.Value)
	}
	s := w.F("%s by %s", v, w.Day(m.Deadline))
	if m.DeadlineText != "" {
		s += " (" + m.DeadlineText + ")"
	}
	return s
}

// Line is one indicator in words: "at risk — actual 315 a year on
// 2025-06-30, plan 324.9 a year, target 400 a year by 2026-12-31 (fin
// 2026)".
func (w *words) Line(ind *Indicator) string {
	var parts []string
	if ind.Actual != nil {
		parts = append(parts, w.F("actual %s on %s", ind.Actual.Qualifier.Qualify(w.Value(ind.Unit, ind.Actual.Value)), w.Day(ind.Actual.Time)))
	}
	if !math.IsNaN(ind.Planned) && !math.IsInf(ind.Planned, 0) {
		parts = append(parts, w.F("plan %s", w.Value(ind.Unit, ind.Planned)))
	}
	if ind.Target != nil {
		parts = append(parts, w.F("target %s", w.targetText(ind.Unit, ind.Target)))
	}
	if ind.Parts > 0 {
		parts = append(parts, w.F("worst of %d territorial parts: %s", ind.Parts, ind.Part))
	}
	if s := w.Pace(ind, "pace: %s", "pace to %s: %s"); s != "" && !w.paceApart {
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return w.Status(ind.Status)
	}
	return w.Status(ind.Status) + " — " + strings.Join(parts, ", ")
}

// Moved is "at risk (was on track)" when the status moved, the status alone
// otherwise.
func (w *words) Moved(now, before indicators.Status) string {
	if before == "" || before == now {
		return w.Status(now)
	}
	return w.F("%s (was %s)", w.Status(now), w.Status(before))
}
