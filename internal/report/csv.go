package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jalonhq/jalon/indicators"
)

// csvRenderer writes one row per indicator, its objective's columns repeated,
// so that a spreadsheet can filter and sort the table: the objective's line
// of the other formats is the objective_status column.
type csvRenderer struct {
	w            *csv.Writer
	raw          io.Writer
	header       []string
	bom          bool
	decimalComma bool
}

// csvHeaders name the columns in each language. They stay identifiers
// (ASCII, no spaces) so that a script can address a column by name, while a
// person opening the file reads their own language.
var csvHeaders = map[indicators.Lang][]string{
	indicators.English: {"objective", "objective_title", "axis", "objective_status", "objective_previous_status",
		"indicator", "indicator_name", "unit", "status", "previous_status", "actual", "actual_date",
		"planned", "gap", "target", "deadline", "deadline_text", "confidence", "parts", "part",
		"required_per_month", "recent_per_month", "owners_rating", "owners_comment", "owners_diverge"},
	indicators.French: {"objectif", "titre_objectif", "axe", "statut_objectif", "statut_precedent_objectif",
		"indicateur", "nom_indicateur", "unite", "statut", "statut_precedent", "realise", "date_realise",
		"prevu", "ecart", "cible", "echeance", "texte_echeance", "confiance", "parties", "partie",
		"rythme_requis_par_mois", "rythme_recent_par_mois", "appreciation_pilotes", "commentaire_pilotes", "divergence_pilotes"},
}

func newCSV(w io.Writer, opts Options) (*csvRenderer, error) {
	sep := opts.Separator
	if sep == 0 {
		sep = ','
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = sep, true // CRLF, as RFC 4180 and spreadsheets expect
	if sep == '"' || sep == '\r' || sep == '\n' || sep == '.' || sep == utf8.RuneError || !utf8.ValidRune(sep) {
		return nil, fmt.Errorf("CSV separator %q: want a comma, a semicolon or a tab", sep)
	}
	header := csvHeaders[indicators.English]
	if opts.Lang == indicators.French {
		header = csvHeaders[indicators.French]
	}
	return &csvRenderer{w: cw, raw: w, header: header, bom: opts.BOM, decimalComma: sep == ';'}, nil
}

func (r *csvRenderer) Begin(Header) error {
	if r.bom {
		if _, err := io.WriteString(r.raw, "\uFEFF"); err != nil {
			return err
		}
	}
	return r.w.Write(r.header)
}

func (r *csvRenderer) Objective(o *Objective) error {
	var rating, comment, diverges string
	if a := o.Assessment; a != nil {
		rating, comment, diverges = string(a.Rating), a.Comment, strconv.FormatBool(o.Diverges)
	}
	for i := range o.Indicators {
		ind := &o.Indicators[i]
		var actual, actualDate, target, deadline, deadlineText, parts string
		if ind.Actual != nil {
			actual, actualDate = r.num(ind.Actual.Value), day(ind.Actual.Time)
		}
		if m := ind.Target; m != nil {
			deadline, deadlineText = day(m.Deadline), m.DeadlineText
			if m.Value != nil {
				target = r.num(*m.Value)
			}
		}
		if ind.Parts > 0 {
			parts = strconv.Itoa(ind.Parts)
		}
		required, recent := nan(), nan()
		if ind.Pace != nil {
			required, recent = ind.Pace.Required, ind.Pace.Recent
		}
		err := r.w.Write([]string{text(o.ID), text(o.Title), text(o.Axis), string(o.Status), string(o.Previous),
			text(ind.ID), text(ind.Name), text(ind.Unit), string(ind.Status), string(ind.Previous), actual, actualDate,
			r.num(ind.Planned), r.num(ind.Gap), target, deadline, text(deadlineText), string(ind.Confidence), parts, text(ind.Part),
			r.num(required), r.num(recent), rating, text(comment), diverges})
		if err != nil {
			return err
		}
	}
	r.w.Flush()
	return r.w.Error()
}

// text makes a catalog's text inert in a spreadsheet: a cell that begins
// with = + - @, a tab or a carriage return is read as a formula by Excel and
// LibreOffice, so it gets a leading apostrophe, as OWASP advises. Catalog
// texts are written by people who may edit targets, not by the readers of
// the report.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvDecimals bounds the digits after the separator: a millionth of a
// share or of a count is below any figure the roadmap publishes, and the
// digits beyond it (-0.07006651110845208) are float noise a spreadsheet
// user would take for precision.
const csvDecimals = 6

// num writes a value for a program: plain decimal notation, no group
// separator, at most csvDecimals decimals, a point, or a decimal comma after
// a semicolon separator (as a French spreadsheet reads it); "" for NaN.
func (r *csvRenderer) num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', csvDecimals, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	if r.decimalComma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func (r *csvRenderer) End(Summary) error {
	r.w.Flush()
	return r.w.Error()
}
