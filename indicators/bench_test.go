package indicators

import (
	"math/rand"
	"testing"
	"time"
)

// benchIndicators are the kinds of series a roadmap snapshot evaluates.
func benchIndicators(t testing.TB) []*Indicator {
	rate := documentsPerYear(t)
	rate.Period, rate.Cadence = 30*day, 30*day
	return []*Indicator{
		twoTargets(t),
		withShape(t, twoTargets(t), ShapeSCurve),
		withShape(t, twoTargets(t), ShapePlan),
		shorterDelay(t),
		rate,
		launch(t),
	}
}

// benchSeries returns n series of 60 monthly points from 2021, drawn around
// each indicator's plan so that every status turns up.
func benchSeries(t testing.TB, inds []*Indicator, n int) [][]Point {
	r := rand.New(rand.NewSource(1))
	start := date(t, "2021-01-01")
	out := make([][]Point, n)
	for s := range out {
		ind, pts := inds[s%len(inds)], make([]Point, 60)
		pace := 0.7 + 0.6*r.Float64()
		for i := range pts {
			tm := start.Add(time.Duration(i) * 30 * day)
			pts[i] = Point{Time: tm, Value: ind.Planned(tm)*pace*(0.95+0.1*r.Float64()) + 1}
		}
		out[s] = pts
	}
	return out
}

func BenchmarkEvaluate100kSeries(b *testing.B) {
	const n = 100_000
	inds := benchIndicators(b)
	all := benchSeries(b, inds, n)
	now := date(b, "2025-11-01")
	var e Evaluator
	b.ReportAllocs()
	for b.Loop() {
		for s, pts := range all {
			e.Evaluate(inds[s%len(inds)], pts, now)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/series")
}
