package pages

import (
	"net/url"
	"strconv"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// pointsShown bounds the rows of a points table; the JSON history has all.
const pointsShown = 120

// partsDrawn bounds the small multiples of a page: the 18 regions fit, the
// 101 departments are listed in the table only beyond it.
const partsDrawn = 24

// webPointTable lists a series' stored points, latest first, with their
// sources and revisions.
type webPointTable struct {
	Rows      []webPointRow
	Judged    bool   // a column for the trailing rate judged (count input)
	Omitted   int    // older points not shown
	AuditNote string // set when older audit entries were not searched
	JSON      string // the full history from the query API
}

type webPointRow struct {
	Date, Value, Judged, Source string
	URL                         string // the source's page, a link
	Revisions                   []string
}

func (p *pages) webPointTable(l *lang, ind *indicators.Indicator, sh storedSeries, actuals []indicators.Point,
	revs map[string][]store.AuditEntry, truncated bool) webPointTable {
	nf := l.numbers(ind)
	t := webPointTable{Judged: derivedRate(ind)}
	off := len(sh.Points) - len(actuals) // running totals: the first gives no rate
	q := url.Values{}
	for _, lb := range sh.Labels {
		q.Add("labels", lb.Name+"="+lb.Value)
	}
	t.JSON = (&url.URL{Path: "/api/v1/indicators/" + ind.ID + "/series", RawQuery: q.Encode()}).String()
	if truncated {
		t.AuditNote = l.F("Revisions are looked for in the latest %d entries of the audit log.", auditWindow)
	}
	for i := len(sh.Points) - 1; i >= 0; i-- {
		if len(t.Rows) == pointsShown {
			t.Omitted = i + 1
			break
		}
		pt := sh.Points[i]
		row := webPointRow{Date: periodText(pt), Value: pt.Qualifier.Qualify(nf.Raw(pt.Value)), Source: sh.Sources[i], URL: sh.URLs[i]}
		if t.Judged && i >= off && i-off < len(actuals) {
			row.Judged = nf.Value(actuals[i-off].Value)
		}
		for _, e := range revs[revisionKey(ind.ID, sh.Labels, pt.Time)] {
			row.Revisions = append(row.Revisions, l.F("was %s (%s), revised on %s by %s", nf.Raw(e.Old), dashIfEmpty(e.OldSource), l.stamp(e.Time), e.Actor))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// webPart is one territorial series in the breakdown.
type webPart struct {
	Label, Latest, Date string
	Status, Confidence  webBadge
	StatusCode          string
	Chart               *svgChart
}

// parts returns the labelled series of an indicator with data, as rows
// and, for the first partsDrawn of them, small multiples on shared scales.
// It returns how many parts have no chart.
func (p *pages) parts(l *lang, ind *indicators.Indicator, rs []evaluator.Result, hist []storedSeries,
	revs map[string][]store.AuditEntry) ([]webPart, int) {
	var out []webPart
	var ins []chartInput
	nf := l.numbers(ind)
	for _, r := range rs {
		if len(r.Labels) == 0 || r.Eval.Latest == nil {
			continue
		}
		out = append(out, webPart{Label: p.labelText(r.Labels), Status: l.statusBadge(r.Eval.Status),
			StatusCode: string(r.Eval.Status), Confidence: l.confidenceBadge(r.Eval.Confidence, r.Eval.Probability),
			Latest: r.Eval.Latest.Qualifier.Qualify(nf.Value(r.Eval.Latest.Value)), Date: dayText(r.Eval.Latest.Time)})
		if len(ins) < partsDrawn {
			in, _ := p.chartInput(l, ind, r, storedSeriesOf(hist, r.Labels), revs, "part-"+strconv.Itoa(len(ins)+1), true)
			ins = append(ins, in)
		}
	}
	f := sharedFrame(ins)
	for i := range ins {
		ins[i].svgFrame = f
		c := drawChart(l, ins[i])
		out[i].Chart = &c
	}
	return out, len(out) - len(ins)
}
