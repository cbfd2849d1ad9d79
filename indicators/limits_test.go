package indicators

import (
	"math"
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"testing/quick"
	"time"
)

// extremeSeries is a valid indicator of any unit, kind and direction, with
// targets and points drawn at the edges of the range Jalon evaluates, at
// times as close as a nanosecond or as far apart as decades.
type extremeSeries struct {
	Ind *Indicator
	Pts []Point
	Now time.Time
}

// unitClass is a unit with the kind and input it may come with.
type unitClass struct {
	unit  string
	kind  Kind
	input Input
}

var unitClasses = []unitClass{
	{"count", KindLevel, ""}, {"percent", KindLevel, ""}, {"ratio", KindLevel, ""},
	{"euros", KindLevel, ""}, {"months", KindLevel, ""}, {"days", KindLevel, ""},
	{"per_year", KindRate, InputRate}, {"per_year", KindRate, InputCount}, {"done", KindMilestone, ""},
}

// valueRange is the range ValidateValue accepts for ind.
func valueRange(ind *Indicator) (lo, hi float64) {
	lo, hi = 0, MaxMagnitude
	switch {
	case ind.Kind == KindMilestone || ind.Unit == "ratio":
		hi = 1
	case ind.Unit == "percent":
		hi = 100
	case ind.Direction == Decrease && slices.Contains([]string{"months", "days", "euros"}, ind.Unit):
		lo = -MaxMagnitude
	}
	return lo, hi
}

// extreme draws a value in [lo, hi], most often at an edge: a bound, 0,
// the smallest target, or one float step inside a bound.
func extreme(r *rand.Rand, lo, hi float64) float64 {
	var v float64
	switch r.Intn(8) {
	case 0:
		v = lo
	case 1:
		v = hi
	case 2:
		v = math.Nextafter(hi, lo)
	case 3:
		v = math.Nextafter(lo, hi)
	case 4:
		v = MinTargetMagnitude * float64(1-2*r.Intn(2))
	case 5:
		v = 0
	case 6:
		v = math.Copysign(math.Pow(10, r.Float64()*30-15), hi-2*r.Float64()*(hi-lo))
	default:
		v = lo + r.Float64()*(hi-lo)
	}
	return math.Min(math.Max(v, lo), hi)
}

// extremeTime draws a time after t: a nanosecond to decades later.
func extremeTime(r *rand.Rand, t time.Time) time.Time {
	steps := []time.Duration{time.Nanosecond, time.Second, day, 30 * day, 10 * year}
	return t.Add(1 + time.Duration(r.Int63n(int64(steps[r.Intn(len(steps))]))))
}

func (extremeSeries) Generate(r *rand.Rand, _ int) reflect.Value {
	for {
		if s, ok := drawExtreme(r); ok {
			return reflect.ValueOf(s)
		}
	}
}

// drawExtreme draws one series; false when its targets do not move, which
// Validate refuses.
func drawExtreme(r *rand.Rand) (extremeSeries, bool) {
	c := unitClasses[r.Intn(len(unitClasses))]
	ind := &Indicator{Name: "x", Kind: c.kind, Unit: c.unit, Input: c.input, Direction: []Direction{Increase, Decrease}[r.Intn(2)],
		Shape: []Shape{ShapeLinear, ShapeSCurve, ShapeStep}[r.Intn(3)], Tolerance: DefaultTolerance,
		Cadence: time.Duration(r.Intn(3)) * 30 * day}
	if c.input == InputCount {
		ind.Period = 1 + time.Duration(r.Int63n(int64([]time.Duration{time.Nanosecond, day, year}[r.Intn(3)])))
	}
	lo, hi := valueRange(ind)
	at := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int63n(int64(30 * year))))
	ind.Baseline.Date = at
	targets := make([]float64, 2+r.Intn(4))
	for i := range targets {
		if targets[i] = extreme(r, lo, hi); targets[i] != 0 && math.Abs(targets[i]) < MinTargetMagnitude {
			targets[i] = math.Copysign(MinTargetMagnitude, targets[i])
		}
	}
	slices.Sort(targets)
	if ind.Direction == Decrease {
		slices.Reverse(targets)
	}
	if targets[0] == targets[len(targets)-1] {
		return extremeSeries{}, false
	}
	ind.Baseline.Value = targets[0]
	for _, v := range targets[1:] {
		at = extremeTime(r, at)
		ind.Milestones = append(ind.Milestones, Milestone{Value: ptr(v), Deadline: at})
	}
	if c.kind == KindMilestone {
		ind.Baseline.Value = 0
		for i := range ind.Milestones {
			ind.Milestones[i].Value = nil
		}
	}
	return extremeSeries{Ind: ind, Pts: extremePoints(r, ind, lo, hi), Now: extremeTime(r, ind.Baseline.Date)}, true
}

// extremePoints draws 0 to 40 points at extreme values, in a burst a few
// nanoseconds apart around a midnight or spread over decades.
func extremePoints(r *rand.Rand, ind *Indicator, lo, hi float64) []Point {
	var pts []Point
	at := ind.Baseline.Date.Add(time.Duration(r.Int63n(int64(5 * year)))).Truncate(day).Add(-20)
	burst := r.Intn(2) == 0
	for range r.Intn(41) {
		if burst {
			at = at.Add(time.Duration(1 + r.Intn(3)))
		} else {
			at = extremeTime(r, at)
		}
		pts = append(pts, Point{Time: at, Value: extreme(r, lo, hi)})
	}
	return pts
}

// finiteOrNaN reports whether v is not infinite, and if NaN whether NaN is
// allowed there.
func finiteOrNaN(v float64, nanOK bool) bool {
	return !math.IsInf(v, 0) && (nanOK || !math.IsNaN(v))
}

// evaluationFinite reports whether every float of e is finite, NaN only
// where the Evaluation documents it: no data, no target, no forecast.
func evaluationFinite(e Evaluation) bool {
	judged := e.Latest != nil && e.Target >= 0
	ok := finiteOrNaN(e.PlannedNow, false) && finiteOrNaN(e.PlannedAtLatest, !judged) &&
		finiteOrNaN(e.Gap, !judged) && finiteOrNaN(e.Progress, !judged) &&
		finiteOrNaN(e.Probability, true) && !(e.Probability < 0 || e.Probability > 1)
	if e.Latest != nil {
		ok = ok && finiteOrNaN(e.Latest.Value, false)
	}
	if f := e.Forecast; f != nil {
		ok = ok && finiteOrNaN(f.Value, false) && finiteOrNaN(f.Low, false) && finiteOrNaN(f.High, false)
	}
	return ok
}

func TestEvaluationStaysFiniteAtTheLimits(t *testing.T) {
	prop := func(s extremeSeries) bool {
		if errs := s.Ind.Validate(); errs != nil {
			t.Errorf("generated indicator %+v: Validate() = %v, want valid", *s.Ind, errs)
			return false
		}
		for _, p := range s.Pts {
			if err := ValidateValue(s.Ind, p.Value); err != nil {
				t.Errorf("generated point %v: %v", p, err)
				return false
			}
		}
		e := Evaluate(s.Ind, s.Pts, s.Now)
		ok := evaluationFinite(e)
		for _, p := range s.Ind.Actuals(nil, s.Pts) {
			ok = ok && finiteOrNaN(p.Value, false)
		}
		if !ok {
			t.Logf("Evaluate(%+v, %v, %s) = %+v, want every figure finite", *s.Ind, s.Pts, s.Now, e)
		}
		return ok
	}
	cfg := &quick.Config{MaxCount: 20000, Rand: rand.New(rand.NewSource(10))}
	if err := quick.Check(prop, cfg); err != nil {
		t.Error(err)
	}
}

// TestEvaluationOverflowsBeyondTheLimits shows what the limits guard
// against: the values of issue 10, once accepted, made figures infinite.
func TestEvaluationOverflowsBeyondTheLimits(t *testing.T) {
	d := func(s string) time.Time { return date(t, s) }
	rate := &Indicator{Kind: KindRate, Unit: "per_year", Input: InputCount, Period: 30 * day, Cadence: 30 * day,
		Direction: Increase, Baseline: Anchor{Date: d("2023-01-01")},
		Milestones: []Milestone{{Value: ptr(250e6), Deadline: d("2023-12-31")}, {Value: ptr(400e6), Deadline: d("2026-12-31")}}}
	pts := []Point{{Time: d("2026-11-30"), Value: 1.5e307}}
	if err := ValidateValue(rate, pts[0].Value); err == nil {
		t.Errorf("ValidateValue(%v) = nil, want refused", pts[0].Value)
	}
	if e := Evaluate(rate, pts, d("2026-12-01")); evaluationFinite(e) {
		t.Errorf("Evaluate(1.5e307 a month) = %+v, want a figure beyond float64 (the test no longer shows why the limit exists)", e)
	}
}
