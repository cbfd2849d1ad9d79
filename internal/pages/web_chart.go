package pages

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// chartInput is what a trajectory chart is drawn from.
type chartInput struct {
	id          string // unique in the page, for aria ids
	title, desc string
	ind         *indicators.Indicator
	eval        indicators.Evaluation
	now         time.Time
	points      []chartPoint // the actuals as judged, in time order
	// judged draws the plan, milestones and forecast; a territorial part of
	// an additive indicator has none of them.
	judged bool
	small  bool
	// frame, when set, fixes the ranges so that small multiples share
	// their scales.
	svgFrame *svgFrame
}

// chartPoint is one actual with what the audit log says of it.
type chartPoint struct {
	indicators.Point
	Revised bool
	Old     []float64 // earlier values, in the same space as Value
	Note    string    // tooltip
}

// svgFrame is the ranges a chart maps onto its plot area.
type svgFrame struct {
	t0, t1 time.Time
	lo, hi float64
	step   float64 // between value ticks
}

// svgChart is a drawn chart: coordinates in the SVG's user units, rounded to
// a tenth so that the markup is small and stable.
type svgChart struct {
	ID, Title, Desc          string
	W, H                     int
	Small                    bool
	Left, Right, Top, Bottom float64
	XTicks, YTicks           []svgTick
	Plan, Actual, Band       string
	Forecast                 *svgForecast
	Milestones               []svgMarker
	Deadlines                []svgVLine
	Today                    *svgVLine
	Baseline                 *svgMarker
	Points                   []svgPoint
	Dots                     bool // points drawn as dots (not when there are too many)
	// Where the labels go.
	YLabelX, XLabelY, XMarkY, TopLabelY float64
}

type svgTick struct {
	Pos, Text float64 // the line's position, the label's
	Label     string
}

type svgMarker struct {
	X, Y         float64
	D            string // the marker's outline
	LX, LY       float64
	Label, Title string
}

type svgVLine struct {
	X      float64
	Label  string
	FR     bool   // the label is the catalog's French
	Anchor string // the label's text-anchor
	DX     float64
}

type svgPoint struct {
	X, Y    float64
	Title   string
	Revised bool
	Old     []float64 // y of the earlier values
}

type svgForecast struct {
	X1, Y1, X2, Y2 float64
	Title          string
}

func (c *svgChart) x(f svgFrame, t time.Time) float64 {
	u := float64(t.Sub(f.t0)) / float64(f.t1.Sub(f.t0))
	return svgRound(c.Left + u*(c.Right-c.Left))
}

func (c *svgChart) y(f svgFrame, v float64) float64 {
	u := (v - f.lo) / (f.hi - f.lo)
	return svgRound(c.Bottom - u*(c.Bottom-c.Top))
}

func svgRound(v float64) float64 { return math.Round(v*10) / 10 }

// drawChart lays out a chart; the template turns it into SVG.
func drawChart(l *lang, in chartInput) svgChart {
	c := svgChart{ID: in.id, Title: in.title, Desc: in.desc, W: 900, H: 380, Left: 70, Right: 884, Top: 36, Bottom: 346}
	if in.small {
		c = svgChart{ID: in.id, Title: in.title, Desc: in.desc, Small: true, W: 320, H: 170, Left: 48, Right: 312, Top: 10, Bottom: 148}
	}
	f := in.svgFrame
	if f == nil {
		fr := frameOf(in)
		f = &fr
	}
	c.YLabelX, c.XLabelY, c.TopLabelY = c.Left-6, c.Bottom+8, c.Top-14
	if c.Small {
		c.XLabelY = c.Bottom + 6
	}
	c.XMarkY = c.XLabelY - 3
	nf := l.numbers(in.ind)
	c.yTicks(*f, nf)
	c.xTicks(*f)
	if in.judged {
		c.plan(l, *f, in, nf)
		c.forecast(l, *f, in, nf)
	}
	if !in.now.Before(f.t0) && !in.now.After(f.t1) {
		c.Today = &svgVLine{X: c.x(*f, in.now), Label: l.T("today"), Anchor: "start", DX: 4}
		if c.Today.X > c.Right-60 {
			c.Today.Anchor, c.Today.DX = "end", -4 // keep the label inside
		}
	}
	c.actuals(*f, in.points)
	return c
}

// plan draws the planned path E(t) from the baseline, sampled densely and
// on each side of every anchor so that corners and steps are exact, and
// the baseline, the milestones and their deadlines.
func (c *svgChart) plan(l *lang, f svgFrame, in chartInput, nf numFmt) {
	ind := in.ind
	start := laterTime(f.t0, ind.Baseline.Date)
	times := []time.Time{}
	const samples = 160
	for i := 0; i <= samples; i++ {
		times = append(times, start.Add(time.Duration(float64(f.t1.Sub(start))*float64(i)/samples)))
	}
	for _, m := range ind.Milestones {
		times = append(times, m.Deadline.Add(-time.Second), m.Deadline)
	}
	for _, a := range ind.Plan {
		times = append(times, a.Date)
	}
	slices.SortFunc(times, time.Time.Compare)
	var d strings.Builder
	for _, t := range times {
		if t.Before(start) || t.After(f.t1) {
			continue
		}
		cmd := "L"
		if d.Len() == 0 {
			cmd = "M"
		}
		d.WriteString(cmd + svgNum(c.x(f, t)) + " " + svgNum(c.y(f, ind.Planned(t))))
	}
	c.Plan = d.String()
	if !ind.Baseline.Date.Before(f.t0) {
		v := ind.Planned(ind.Baseline.Date)
		x, y := c.x(f, ind.Baseline.Date), c.y(f, v)
		c.Baseline = &svgMarker{X: x, Y: y, D: square(x, y, 4),
			Title: l.F("Baseline: %s on %s", nf.Value(v), dayText(ind.Baseline.Date))}
	}
	for i, m := range ind.Milestones {
		v := ind.TargetValue(i)
		x, y := c.x(f, m.Deadline), c.y(f, v)
		ly := y - 9
		if ly < c.Top+10 {
			ly = y + 18 // below the diamond, clear of the deadline labels
		}
		c.Milestones = append(c.Milestones, svgMarker{X: x, Y: y, D: diamond(x, y, 6), LX: x - 9, LY: ly, Label: nf.Tick(v),
			Title: l.F("Milestone %d: %s by %s (%s)", i+1, nf.Value(v), dayText(m.Deadline), m.DeadlineText)})
		c.Deadlines = append(c.Deadlines, svgVLine{X: x, Label: m.DeadlineText, FR: true, Anchor: c.anchorAt(x)})
	}
}

// forecast draws the trend from the latest actual to the forecast at the
// current target's deadline, inside its 80 % interval.
func (c *svgChart) forecast(l *lang, f svgFrame, in chartInput, nf numFmt) {
	fc, last := in.eval.Forecast, in.eval.Latest
	if fc == nil || last == nil || fc.At.After(f.t1) || !fc.At.After(last.Time) {
		return // a deadline already behind the latest actual has nothing to forecast
	}
	x1, y1, x2 := c.x(f, last.Time), c.y(f, last.Value), c.x(f, fc.At)
	c.Band = svgNum(x1) + "," + svgNum(y1) + " " + svgNum(x2) + "," + svgNum(c.y(f, fc.High)) + " " +
		svgNum(x2) + "," + svgNum(c.y(f, fc.Low))
	c.Forecast = &svgForecast{X1: x1, Y1: y1, X2: x2, Y2: c.y(f, fc.Value),
		Title: l.F("Forecast on %s: %s (80%% interval %s to %s)", dayText(fc.At), nf.Value(fc.Value), nf.Value(fc.Low), nf.Value(fc.High))}
}

func (c *svgChart) actuals(f svgFrame, pts []chartPoint) {
	var d strings.Builder
	limit := 400
	if c.Small {
		limit = 60
	}
	c.Dots = len(pts) <= limit
	for i, p := range pts {
		x, y := c.x(f, p.Time), c.y(f, p.Value)
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		d.WriteString(cmd + svgNum(x) + " " + svgNum(y))
		m := svgPoint{X: x, Y: y, Title: p.Note, Revised: p.Revised}
		for _, o := range p.Old {
			m.Old = append(m.Old, c.y(f, o))
		}
		c.Points = append(c.Points, m)
	}
	c.Actual = d.String()
}

// anchorAt aligns a label centred on x so that it stays inside the chart.
func (c *svgChart) anchorAt(x float64) string {
	switch {
	case x > c.Right-50:
		return "end"
	case x < c.Left+50:
		return "start"
	}
	return "middle"
}

// diamond outlines a milestone: a square on its point, r from the centre.
func diamond(x, y, r float64) string {
	return "M" + svgNum(x) + " " + svgNum(svgRound(y-r)) + "L" + svgNum(svgRound(x+r)) + " " + svgNum(y) +
		"L" + svgNum(x) + " " + svgNum(svgRound(y+r)) + "L" + svgNum(svgRound(x-r)) + " " + svgNum(y) + "Z"
}

// square outlines the baseline.
func square(x, y, r float64) string {
	return "M" + svgNum(svgRound(x-r)) + " " + svgNum(svgRound(y-r)) + "h" + svgNum(2*r) + "v" + svgNum(2*r) +
		"h" + svgNum(-2*r) + "Z"
}

func svgNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func laterTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlierTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
