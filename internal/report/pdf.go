package report

import (
	"cmp"
	_ "embed"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/jalonhq/jalon/indicators"
)

// DejaVu Sans is shipped with the code (fonts/LICENSE: the Bitstream Vera
// licence allows redistribution with the notice) so that jalond writes
// French accents, the narrow no-break space of "8 210" and the minus sign
// on a machine without fonts installed. fpdf embeds only the glyphs used.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuSansBold []byte
)

// Page geometry in millimetres: A4 portrait.
const (
	pdfMargin   = 15.0
	pdfWidth    = 210.0 - 2*pdfMargin
	pdfLine     = 4.6  // height of a line of body text
	pdfChartW   = 90.0 // a small chart beside nothing: it must read on paper
	pdfChartH   = 32.0
	pdfBodySize = 9.0
)

// pdfRenderer writes an A4 document for the committee: per objective its
// status, and per indicator its line, its latest figure with its source and
// a small trajectory chart. The document is built in memory and written at
// End: a PDF's cross-reference table comes after the pages.
type pdfRenderer struct {
	w     io.Writer
	words *words
	pdf   *fpdf.Fpdf
	at    time.Time
	since time.Time
	// names are the indicators' names, met on the way: the moves at the
	// end name them for officials, not by their IDs.
	names map[string]string
}

func newPDF(w io.Writer, words *words) *pdfRenderer {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin)
	pdf.AddUTF8FontFromBytes("DejaVu", "", dejaVuSans)
	pdf.AddUTF8FontFromBytes("DejaVu", "B", dejaVuSansBold)
	pdf.SetLang(words.Lang())
	words.paceApart = true
	r := &pdfRenderer{w: w, words: words, pdf: pdf, names: map[string]string{}}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-10)
		r.font("", 8)
		pdf.CellFormat(0, 4, words.F("Page %d", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	return r
}

// charts marks the renderer as drawing trajectories.
func (r *pdfRenderer) charts() {}

func (r *pdfRenderer) font(style string, size float64) { r.pdf.SetFont("DejaVu", style, size) }

// text writes s as a paragraph of the full width.
func (r *pdfRenderer) text(style string, size float64, s string) {
	r.font(style, size)
	r.pdf.MultiCell(pdfWidth, size*0.5, s, "", "L", false)
}

func (r *pdfRenderer) Begin(h Header) error {
	r.at, r.since = h.Query.At, h.Query.Since
	title := r.words.Title(h.Query.At)
	r.pdf.SetTitle(h.Catalog+" — "+title, true)
	r.pdf.SetCreator("Jalon", true)
	r.pdf.SetCreationDate(h.Query.At) // the same report twice is the same file
	r.pdf.SetCatalogSort(true)
	r.pdf.AddPage()
	r.text("B", 15, h.Catalog)
	r.text("B", 13, title)
	r.pdf.Ln(1)
	intro := r.words.F("Replayed from the points known at %s, with the values and targets in force then.", r.words.LongDay(h.Query.At))
	if !r.since.IsZero() {
		intro += r.words.F(" Moves are counted from %s.", r.words.LongDay(h.Query.Since))
	}
	r.text("", pdfBodySize, intro+r.words.ZoneNote())
	return r.pdf.Error()
}

func (r *pdfRenderer) Objective(o *Objective) error {
	// An objective starts on a new page unless its heading and first
	// indicator fit on this one.
	if _, h := r.pdf.GetPageSize(); r.pdf.GetY()+24+pdfChartH > h-pdfMargin {
		r.pdf.AddPage()
	}
	r.pdf.Ln(4)
	r.text("B", 11.5, o.ID+" "+o.Title)
	r.font("", pdfBodySize+0.5)
	setStatusColour(r.pdf, o.Status)
	r.pdf.MultiCell(pdfWidth, pdfLine+0.6, r.words.F("Status: %s", r.words.Moved(o.Status, o.Previous)), "", "L", true)
	r.pdf.SetFillColor(255, 255, 255)
	if len(o.Owners) > 0 {
		r.text("", pdfBodySize, r.words.F("Owners: %s", joinComma(o.Owners)))
	}
	if s := r.words.Assessment(o); s != "" {
		style := ""
		if o.Diverges {
			style = "B"
		}
		r.text(style, pdfBodySize, s)
	}
	for i := range o.Indicators {
		r.indicator(&o.Indicators[i])
	}
	return r.pdf.Error()
}

func (r *pdfRenderer) indicator(ind *Indicator) {
	r.names[ind.ID] = ind.Name
	if _, h := r.pdf.GetPageSize(); r.pdf.GetY()+14+pdfChartH > h-pdfMargin {
		r.pdf.AddPage()
	}
	r.pdf.Ln(2)
	r.text("B", pdfBodySize+0.5, ind.Name)
	r.text("", pdfBodySize, r.words.Line(ind))
	if s := r.words.Pace(ind, "Pace: %s", "Pace to %s: %s"); s != "" {
		r.text("", pdfBodySize, s)
	}
	if ind.Actual != nil {
		value := ind.Actual.Qualifier.Qualify(r.words.Value(ind.Unit, ind.Actual.Value))
		latest := r.words.F("Latest figure: %s on %s", value, r.words.Day(ind.Actual.Time))
		if src := cmp.Or(ind.ActualSource, ind.ActualSourceURL); src != "" {
			latest += " — " + r.words.F("source: %s", src)
		}
		r.text("", pdfBodySize, latest)
	}
	if c := ind.Chart; c != nil {
		r.pdf.Ln(1)
		drawTrajectory(r.pdf, r.words, ind.Unit, c, r.at)
	}
}

func (r *pdfRenderer) End(s Summary) error {
	w := r.words
	if !r.since.IsZero() {
		r.pdf.Ln(5)
		r.text("B", 11.5, w.F("Changes since %s", w.LongDay(r.since)))
		if len(s.Changes) == 0 {
			r.text("", pdfBodySize, w.T("No indicator changed status."))
		}
		for _, c := range s.Changes {
			r.text("", pdfBodySize, w.F("%s: %s → %s", c.Objective+" "+cmp.Or(r.names[c.Indicator], c.Indicator), w.Status(c.From), w.Status(c.To)))
		}
	}
	r.pdf.Ln(5)
	r.text("B", 11.5, w.T("Indicators by status"))
	for _, st := range indicators.Statuses {
		if n := s.Counts[st]; n > 0 {
			r.font("", pdfBodySize)
			setStatusColour(r.pdf, st)
			r.pdf.CellFormat(60, pdfLine+0.6, w.Status(st), "", 0, "L", true, 0, "")
			r.pdf.SetFillColor(255, 255, 255)
			r.pdf.CellFormat(20, pdfLine+0.6, itoa(n), "", 1, "R", false, 0, "")
		}
	}
	if err := r.pdf.Error(); err != nil {
		return err
	}
	return r.pdf.Output(r.w)
}
