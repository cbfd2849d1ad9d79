package report

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/jalonhq/jalon/indicators"
)

// chartFrame maps times and values to millimetres on the page.
type chartFrame struct {
	x, y, w, h float64   // the plotting area
	t0, t1     time.Time // the time span drawn
	lo, hi     float64   // the value span drawn
}

func (f chartFrame) px(t time.Time) float64 {
	return f.x + f.w*float64(t.Sub(f.t0))/float64(f.t1.Sub(f.t0))
}

func (f chartFrame) py(v float64) float64 { return f.y + f.h - f.h*(v-f.lo)/(f.hi-f.lo) }

// drawTrajectory draws the plan (grey) and the actuals (blue, with dots) of
// c from the baseline to the last deadline or the report's date, the
// milestones as diamonds, with the value span and the dates at its ends:
// the pages' chart, small, with the same points.
func drawTrajectory(pdf *fpdf.Fpdf, w *words, unit string, c *Trajectory, at time.Time) {
	times := planTimes(c.Def, at)
	f := chartFrame{x: pdf.GetX(), y: pdf.GetY(), w: pdfChartW, h: pdfChartH, t0: times[0], t1: times[len(times)-1]}
	if len(c.Actuals) > 0 {
		f.t0 = earlier(f.t0, c.Actuals[0].Time)
		f.t1 = later(f.t1, c.Actuals[len(c.Actuals)-1].Time)
	}
	if !f.t1.After(f.t0) {
		f.t1 = f.t0.Add(24 * time.Hour)
	}
	f.lo, f.hi = valueSpan(c, times)
	pdf.SetDrawColor(160, 160, 160)
	pdf.SetLineWidth(0.2)
	pdf.Rect(f.x, f.y, f.w, f.h, "D")
	drawPlan(pdf, f, c.Def, times)
	drawActuals(pdf, f, c.Actuals)
	drawMilestones(pdf, f, c.Def)
	axisLabels(pdf, w, unit, f)
	pdf.SetY(f.y + f.h + 6)
}

// planTimes are the times the plan is drawn at: evenly from the baseline to
// the last deadline (or at), and on each side of every deadline, so that a
// step reads as one.
func planTimes(def *indicators.Indicator, at time.Time) []time.Time {
	t0, t1 := def.Baseline.Date, at
	for _, m := range def.Milestones {
		t1 = later(t1, m.Deadline)
	}
	const samples = 60
	times := make([]time.Time, 0, samples+1+2*len(def.Milestones))
	for i := 0; i <= samples; i++ {
		times = append(times, t0.Add(time.Duration(float64(t1.Sub(t0))*float64(i)/samples)))
	}
	for _, m := range def.Milestones {
		times = append(times, m.Deadline.Add(-time.Second), m.Deadline)
	}
	slices.SortFunc(times, time.Time.Compare)
	return times
}

// valueSpan is the span of values drawn: the plan, the actuals and the
// targets, from zero when all are positive, so that a bar of progress
// reads from nothing.
func valueSpan(c *Trajectory, times []time.Time) (lo, hi float64) {
	lo, hi = 0, 0
	see := func(v float64) {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if len(c.Def.Milestones) > 0 {
		for _, t := range times {
			see(c.Def.Planned(t))
		}
	}
	for _, p := range c.Actuals {
		see(p.Value)
	}
	if hi == lo {
		hi = lo + 1
	}
	return lo, hi + (hi-lo)*0.05
}

func drawPlan(pdf *fpdf.Fpdf, f chartFrame, def *indicators.Indicator, times []time.Time) {
	if len(def.Milestones) == 0 {
		return // a territorial part of an additive indicator has no plan of its own
	}
	pdf.SetDrawColor(120, 120, 120)
	pdf.SetLineWidth(0.35)
	for i := 1; i < len(times); i++ {
		pdf.Line(f.px(times[i-1]), f.py(def.Planned(times[i-1])), f.px(times[i]), f.py(def.Planned(times[i])))
	}
}

func drawActuals(pdf *fpdf.Fpdf, f chartFrame, pts []indicators.Point) {
	pdf.SetDrawColor(30, 90, 180)
	pdf.SetFillColor(30, 90, 180)
	pdf.SetLineWidth(0.5)
	for i, p := range pts {
		if i > 0 {
			pdf.Line(f.px(pts[i-1].Time), f.py(pts[i-1].Value), f.px(p.Time), f.py(p.Value))
		}
		if len(pts) <= 60 {
			pdf.Circle(f.px(p.Time), f.py(p.Value), 0.6, "F")
		}
	}
	pdf.SetFillColor(255, 255, 255)
}

func drawMilestones(pdf *fpdf.Fpdf, f chartFrame, def *indicators.Indicator) {
	pdf.SetDrawColor(60, 60, 60)
	pdf.SetLineWidth(0.3)
	for i, m := range def.Milestones {
		x, y, d := f.px(m.Deadline), f.py(def.TargetValue(i)), 1.4
		pdf.Polygon([]fpdf.PointType{{X: x, Y: y - d}, {X: x + d, Y: y}, {X: x, Y: y + d}, {X: x - d, Y: y}}, "D")
	}
}

// axisLabels writes the value span at the right, where a long value ("420
// millions par an") has room, and the dates at the ends.
func axisLabels(pdf *fpdf.Fpdf, w *words, unit string, f chartFrame) {
	pdf.SetFont("DejaVu", "", 6.5)
	pdf.SetTextColor(80, 80, 80)
	pdf.Text(f.x+f.w+3, f.y+2.5, w.Value(axisUnit(unit), f.hi))
	pdf.Text(f.x+f.w+3, f.y+f.h, w.Value(axisUnit(unit), f.lo))
	pdf.Text(f.x, f.y+f.h+3, w.Day(f.t0))
	end := w.Day(f.t1)
	pdf.Text(f.x+f.w-pdf.GetStringWidth(end), f.y+f.h+3, end)
	pdf.SetTextColor(0, 0, 0)
}

// axisUnit writes a milestone's axis as progress, not as done/not done.
func axisUnit(unit string) string {
	if unit == "done" {
		return "ratio"
	}
	return unit
}

// setStatusColour fills a status cell with the colours of the HTML report.
func setStatusColour(pdf *fpdf.Fpdf, s indicators.Status) {
	switch s {
	case indicators.StatusAchieved, indicators.StatusOnTrack:
		pdf.SetFillColor(0xd7, 0xf0, 0xdd)
	case indicators.StatusAtRisk, indicators.StatusStale:
		pdf.SetFillColor(0xfd, 0xec, 0xc8)
	case indicators.StatusOffTrack, indicators.StatusMissed:
		pdf.SetFillColor(0xf8, 0xd3, 0xd0)
	default:
		pdf.SetFillColor(0xe8, 0xe8, 0xe8)
	}
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func joinComma(s []string) string { return strings.Join(s, ", ") }

func itoa(n int) string { return strconv.Itoa(n) }
