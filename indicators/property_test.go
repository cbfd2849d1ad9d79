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

var shapes = []Shape{"", ShapeLinear, ShapeSCurve, ShapeStep, ShapePlan}

// randomPlan is an indicator with random anchors and shape, and two times
// u1 ≤ u2 inside one segment of its anchor sequence.
type randomPlan struct {
	Ind     *Indicator
	From    Anchor // the segment's anchors
	To      Anchor
	T1, T2  time.Time
	Anchors []Anchor
}

// Generate draws 1 to 4 milestones and, for ShapePlan, 1 to 3 plan points,
// at random values and dates; then a segment and two times within it.
func (randomPlan) Generate(r *rand.Rand, _ int) reflect.Value {
	ind := randomIndicator(r)
	s := ind.anchors()
	var seq []Anchor
	for k := 0; k < s.len(); k++ {
		seq = append(seq, s.at(k))
	}
	k := r.Intn(len(seq) - 1)
	span := seq[k+1].Date.Sub(seq[k].Date)
	u := []float64{r.Float64(), r.Float64()}
	slices.Sort(u)
	p := randomPlan{Ind: ind, From: seq[k], To: seq[k+1], Anchors: seq,
		T1: seq[k].Date.Add(time.Duration(u[0] * float64(span))),
		T2: seq[k].Date.Add(time.Duration(u[1] * float64(span)))}
	return reflect.ValueOf(p)
}

// randomIndicator draws an indicator whose anchors have increasing dates.
func randomIndicator(r *rand.Rand) *Indicator {
	value := func() float64 { return math.Round((r.Float64()*2000-1000)*100) / 100 }
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Intn(1000)) * day)
	next := func() time.Time {
		at = at.Add(time.Duration(1+r.Intn(800))*day + time.Duration(r.Intn(86400))*time.Second)
		return at
	}
	ind := &Indicator{Kind: KindLevel, Shape: shapes[r.Intn(len(shapes))], Baseline: Anchor{Value: value(), Date: at}}
	if ind.Shape == ShapePlan {
		for range 1 + r.Intn(3) {
			ind.Plan = append(ind.Plan, Anchor{Value: value(), Date: next()})
		}
		at = ind.Baseline.Date.Add(time.Duration(r.Intn(1000)) * day) // milestones may precede plan points
	}
	for range 1 + r.Intn(4) {
		ind.Milestones = append(ind.Milestones, Milestone{Value: ptr(value()), Deadline: next()})
	}
	return ind
}

func TestPlannedStaysWithinItsSegment(t *testing.T) {
	prop := func(p randomPlan) bool {
		e1, e2 := p.Ind.Planned(p.T1), p.Ind.Planned(p.T2)
		lo, hi := math.Min(p.From.Value, p.To.Value), math.Max(p.From.Value, p.To.Value)
		inside := e1 >= lo && e1 <= hi && e2 >= lo && e2 <= hi
		monotone := (p.To.Value >= p.From.Value && e1 <= e2) || (p.To.Value <= p.From.Value && e1 >= e2)
		if !inside || !monotone {
			t.Logf("Planned(%s) = %v, Planned(%s) = %v, want monotone within [%v, %v] (shape %q, anchors %v)",
				p.T1, e1, p.T2, e2, p.From.Value, p.To.Value, p.Ind.Shape, p.Anchors)
		}
		return inside && monotone
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
}

// randomSeries is an indicator with a series and an evaluation time.
type randomSeries struct {
	Ind *Indicator
	Pts []Point
	Now time.Time
}

// Generate draws an increasing or decreasing indicator, level or count-input
// rate, with 0 to 30 points scattered around its plan.
func (randomSeries) Generate(r *rand.Rand, _ int) reflect.Value {
	ind := randomIndicator(r)
	ind.Direction = []Direction{Increase, Decrease}[r.Intn(2)]
	ind.Cadence = time.Duration(r.Intn(4)*45) * day
	if r.Intn(3) == 0 {
		ind.Kind, ind.Input, ind.Period = KindRate, InputCount, time.Duration(30+r.Intn(60))*day
	}
	first, last := ind.Baseline.Date.Add(-100*day), ind.Milestones[len(ind.Milestones)-1].Deadline.Add(200*day)
	at := func() time.Time { return first.Add(time.Duration(r.Int63n(int64(last.Sub(first))))).Truncate(day) }
	times := map[time.Time]bool{}
	for range r.Intn(31) {
		times[at()] = true
	}
	s := randomSeries{Ind: ind, Now: at()}
	for tm := range times {
		s.Pts = append(s.Pts, Point{Time: tm, Value: ind.Planned(tm) * (0.8 + 0.4*r.Float64())})
	}
	slices.SortFunc(s.Pts, func(a, b Point) int { return a.Time.Compare(b.Time) })
	return reflect.ValueOf(s)
}

// mirror negates every value of ind and pts and flips the direction.
func mirror(ind *Indicator, pts []Point) (*Indicator, []Point) {
	m := *ind
	m.Direction = map[Direction]Direction{Increase: Decrease, Decrease: Increase}[ind.Direction]
	m.Baseline.Value = -ind.Baseline.Value
	m.Milestones = nil
	for _, ms := range ind.Milestones {
		m.Milestones = append(m.Milestones, Milestone{Value: ptr(-*ms.Value), Deadline: ms.Deadline})
	}
	m.Plan = nil
	for _, a := range ind.Plan {
		m.Plan = append(m.Plan, Anchor{Value: -a.Value, Date: a.Date})
	}
	var mp []Point
	for _, p := range pts {
		mp = append(mp, Point{Time: p.Time, Value: -p.Value})
	}
	return &m, mp
}

func same(a, b float64) bool {
	return (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(a))
}

func TestMirrorMirrorsTheEvaluation(t *testing.T) {
	prop := func(s randomSeries) bool {
		a := Evaluate(s.Ind, s.Pts, s.Now)
		mi, mp := mirror(s.Ind, s.Pts)
		b := Evaluate(mi, mp, s.Now)
		ok := a.Status == b.Status && a.Target == b.Target && a.LastMissed == b.LastMissed && a.LastUnverified == b.LastUnverified &&
			a.Confidence == b.Confidence && a.LastJudged == b.LastJudged && a.NoForecast == b.NoForecast &&
			same(a.Gap, b.Gap) && same(a.Probability, b.Probability) && same(a.Progress, b.Progress) &&
			same(a.PlannedAtLatest, -b.PlannedAtLatest) && (a.Forecast == nil) == (b.Forecast == nil)
		if ok && a.Forecast != nil {
			ok = same(a.Forecast.Value, -b.Forecast.Value) && same(a.Forecast.Low, -b.Forecast.High)
		}
		if !ok {
			t.Logf("Evaluate(%+v, %v, %s) = %+v, mirrored %+v", *s.Ind, s.Pts, s.Now, a, b)
		}
		return ok
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 3000}); err != nil {
		t.Error(err)
	}
}

// TestEvaluationIsHonest checks issue 11's rules on random series: no
// forecast at a passed date; a forecast only on three figures or more; an
// open target's probability strictly between 0 and 1; a confidence that is
// insufficient_data exactly when the reason is too little data; a missed
// milestone only with a figure near its deadline or after it.
func TestEvaluationIsHonest(t *testing.T) {
	prop := func(s randomSeries) bool {
		e := Evaluate(s.Ind, s.Pts, s.Now)
		var why []string
		if f := e.Forecast; f != nil {
			if !f.At.After(s.Now) {
				why = append(why, "forecast at a passed date")
			}
			if f.DF < 1 {
				why = append(why, "forecast on fewer than three figures")
			}
			open := e.Status != StatusAchieved && e.Status != StatusMissed
			if open && (e.Probability < minProbability || e.Probability > maxProbability) {
				why = append(why, "open target certain")
			}
		}
		insufficient := e.Confidence == ConfidenceInsufficient
		if insufficient != (e.NoForecast.Insufficient() && e.Status != StatusAchieved && e.Status != StatusMissed) {
			why = append(why, "insufficient_data without its reason, or the reverse")
		}
		if k := e.LastMissed; k >= 0 && !anyNear(s.Ind, s.Pts, k, s.Now) {
			why = append(why, "missed without a figure near the deadline or after it")
		}
		if len(why) > 0 {
			t.Logf("Evaluate(%+v, %v, %s) = %+v: %v", *s.Ind, s.Pts, s.Now, e, why)
		}
		return len(why) == 0
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 3000}); err != nil {
		t.Error(err)
	}
}

// anyNear reports whether some actual up to now is dated within the
// evidence window before milestone k's deadline, or after it.
func anyNear(ind *Indicator, pts []Point, k int, now time.Time) bool {
	from := ind.Milestones[k].Deadline.Add(-ind.evidenceWindow())
	for _, p := range ind.Actuals(nil, untilNow(pts, now)) {
		if !p.Time.Before(from) {
			return true
		}
	}
	return false
}

func TestMedianAgreesWithSorting(t *testing.T) {
	prop := func(v []float64) bool {
		if len(v) == 0 {
			return true
		}
		sorted := slices.Sorted(slices.Values(v))
		h := len(v) / 2
		want := sorted[h]
		if len(v)%2 == 0 {
			want = (sorted[h-1] + sorted[h]) / 2
		}
		return median(slices.Clone(v)) == want
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 2000}); err != nil {
		t.Error(err)
	}
}
