package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Formats lists the formats New knows, the first being the default.
var Formats = []string{"json", "markdown", "html", "csv"}

// Options shape the CSV output; other formats ignore them.
type Options struct {
	// Separator separates CSV fields; zero means a comma. With a semicolon,
	// numbers are written with a decimal comma, as a French spreadsheet
	// reads them.
	Separator rune
	// BOM starts the CSV with a UTF-8 byte order mark, which spreadsheets
	// take as the sign that the file is UTF-8.
	BOM bool
}

// New returns a renderer writing format to w.
func New(format string, w io.Writer, opts Options) (Renderer, error) {
	switch format {
	case "json", "":
		return &jsonRenderer{w: w}, nil
	case "markdown", "md":
		return &markdownRenderer{w: w}, nil
	case "html":
		return &htmlRenderer{w: w}, nil
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
	}
	return "application/json; charset=utf-8"
}

// statusText is a status for people, in the report's words.
func statusText(s indicators.Status) string { return strings.ReplaceAll(string(s), "_", " ") }

// number writes v for people: whole above a thousand, four significant
// digits below; "" for NaN.
func number(v float64, decimalComma bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	var s string
	if math.Abs(v) >= 1000 {
		s = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	} else {
		s = strconv.FormatFloat(v, 'g', 4, 64)
		if strings.ContainsAny(s, "e") {
			s = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	if decimalComma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// targetText is "400 by 2026-12-31 (fin 2026)", or "done by …" for a
// dated milestone.
func targetText(m *indicators.Milestone) string {
	if m == nil {
		return ""
	}
	v := "done"
	if m.Value != nil {
		v = number(*m.Value, false)
	}
	s := v + " by " + day(m.Deadline)
	if m.DeadlineText != "" {
		s += " (" + m.DeadlineText + ")"
	}
	return s
}

// line is one indicator in words: "at risk — actual 315 on 2025-06-30,
// plan 324.9, target 400 by 2026-12-31 (fin 2026)".
func line(ind *Indicator) string {
	var parts []string
	if ind.Actual != nil {
		parts = append(parts, "actual "+qualified(ind.Actual.Qualifier, number(ind.Actual.Value, false))+" on "+day(ind.Actual.Time))
	}
	if p := number(ind.Planned, false); p != "" {
		parts = append(parts, "plan "+p)
	}
	if ind.Target != nil {
		parts = append(parts, "target "+targetText(ind.Target))
	}
	if ind.Parts > 0 {
		parts = append(parts, fmt.Sprintf("worst of %d territorial parts: %s", ind.Parts, ind.Part))
	}
	if len(parts) == 0 {
		return statusText(ind.Status)
	}
	return statusText(ind.Status) + " — " + strings.Join(parts, ", ")
}

// moved is "at risk (was on track)" when the status moved, the status alone
// otherwise.
func moved(now, before indicators.Status) string {
	if before == "" || before == now {
		return statusText(now)
	}
	return statusText(now) + " (was " + statusText(before) + ")"
}
