package pages

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// frameOf fits the ranges to everything the chart draws.
func frameOf(in chartInput) svgFrame {
	var f svgFrame
	var vals []float64
	var times []time.Time
	for _, p := range in.points {
		times = append(times, p.Time)
		vals = append(vals, p.Value)
		vals = append(vals, p.Old...)
	}
	if in.judged {
		times = append(times, in.ind.Baseline.Date, in.now)
		vals = append(vals, in.ind.Planned(in.ind.Baseline.Date))
		for i, m := range in.ind.Milestones {
			times = append(times, m.Deadline)
			vals = append(vals, in.ind.TargetValue(i))
		}
		for _, a := range in.ind.Plan {
			vals = append(vals, a.Value)
		}
		if fc := in.eval.Forecast; fc != nil {
			times = append(times, fc.At)
			vals = append(vals, fc.Low, fc.High)
		}
	}
	times = append(times, in.now)
	f.t0, f.t1 = slices.MinFunc(times, time.Time.Compare), slices.MaxFunc(times, time.Time.Compare)
	fitValues(&f, vals, in.ind, in.small)
	return f
}

// sharedFrame is the union of the frames of several charts.
func sharedFrame(ins []chartInput) *svgFrame {
	if len(ins) == 0 {
		return nil
	}
	f := frameOf(ins[0])
	vals := []float64{f.lo, f.hi}
	for _, in := range ins[1:] {
		g := frameOf(in)
		f.t0, f.t1 = earlierTime(f.t0, g.t0), laterTime(f.t1, g.t1)
		vals = append(vals, g.lo, g.hi)
	}
	fitValues(&f, vals, ins[0].ind, ins[0].small)
	return &f
}

// fitValues sets the value range to round ticks around vals, from zero
// when the values are positive and zero is not far off.
func fitValues(f *svgFrame, vals []float64, ind *indicators.Indicator, small bool) {
	if f.t1.Sub(f.t0) < 24*time.Hour {
		f.t0, f.t1 = f.t0.AddDate(0, -1, 0), f.t1.AddDate(0, 1, 0)
	}
	f.t1 = f.t1.Add(f.t1.Sub(f.t0) / 40) // room for the last labels
	lo, hi := 0.0, 1.0
	if len(vals) > 0 {
		lo, hi = slices.Min(vals), slices.Max(vals)
	}
	if ind.Kind == indicators.KindMilestone {
		lo, hi = 0, 1
	}
	if lo > 0 && lo < hi/2 {
		lo = 0
	}
	if hi == lo {
		hi, lo = hi+math.Max(1, math.Abs(hi)/10), lo-math.Max(1, math.Abs(lo)/10)
		if lo < 0 && hi > 0 && vals != nil && slices.Min(vals) >= 0 {
			lo = 0
		}
	}
	n := 5.0
	if small {
		n = 3
	}
	f.step = niceStep((hi - lo) / n)
	f.lo, f.hi = math.Floor(lo/f.step)*f.step, math.Ceil(hi/f.step)*f.step
	if f.hi == f.lo {
		f.hi += f.step
	}
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p*1.0000001 {
			return m * p
		}
	}
	return 10 * p
}

func (c *svgChart) yTicks(f svgFrame, nf numFmt) {
	for v := f.lo; v <= f.hi+f.step/1e6; v += f.step {
		v = math.Round(v/f.step) * f.step
		y := c.y(f, v)
		c.YTicks = append(c.YTicks, svgTick{Pos: y, Text: y + 4, Label: nf.Tick(v)})
	}
}

// xTicks marks the first of each year, or of each quarter over a short
// span, spaced wider until the labels fit.
func (c *svgChart) xTicks(f svgFrame) {
	spanMonths := int(f.t1.Sub(f.t0).Hours() / 24 / 30.44)
	months, maxTicks := 12, 10
	if spanMonths < 24 {
		months = 3
	}
	if c.Small {
		maxTicks = 4
	}
	for spanMonths/months > maxTicks {
		months *= 2
	}
	t := time.Date(f.t0.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	for ; !t.After(f.t1); t = t.AddDate(0, 3, 0) {
		n := t.Year()*12 + int(t.Month()) - 1 // months since year 0
		if t.Before(f.t0) || n%months != 0 {
			continue
		}
		label := strconv.Itoa(t.Year())
		if months < 12 {
			label = t.Format("2006-01")
		}
		x := c.x(f, t)
		c.XTicks = append(c.XTicks, svgTick{Pos: x, Text: x, Label: label})
	}
}
