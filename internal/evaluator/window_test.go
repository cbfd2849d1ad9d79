package evaluator

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// samePoints compares points exactly: times to the nanosecond and in UTC,
// values bit for bit (-0 and NaN included).
func samePoints(a, b []indicators.Point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Time.Equal(b[i].Time) || a[i].Time.Location() != b[i].Time.Location() ||
			math.Float64bits(a[i].Value) != math.Float64bits(b[i].Value) {
			return false
		}
	}
	return true
}

func TestWindowRoundTrip(t *testing.T) {
	week := 7 * 24 * time.Hour
	at := func(ns ...int64) []indicators.Point {
		out := make([]indicators.Point, len(ns))
		for i, n := range ns {
			out[i] = indicators.Point{Time: time.Unix(0, n).UTC(), Value: float64(i)}
		}
		return out
	}
	weekly := func(n int, value func(i int) float64) []indicators.Point {
		out := make([]indicators.Point, n)
		for i := range out {
			out[i] = indicators.Point{Time: now.Add(time.Duration(i-n) * week), Value: value(i)}
		}
		return out
	}
	tests := []struct {
		name string
		pts  []indicators.Point
		max  int // bytes packed, 0 for no bound
	}{
		{"empty", nil, 1},
		{"weekly counts", weekly(24, func(i int) float64 { return float64(500_000 + 4000*i + 97*(i%5)) }), 1 + 5 + 3 + 23*(3+2)},
		{"weekly decimals", weekly(24, func(i int) float64 { return 0.1 * float64(i) }), 1 + 24*(5+9)},
		{"milliseconds", at(1_700_000_000_123_000_000, 1_700_000_001_456_000_000), 0},
		{"nanoseconds", at(1, 2, 1_000_000_007), 0},
		{"before 1970", at(-1_000_000_000_000, -5, 0), 0},
		{"extreme times", at(math.MinInt64, -1, math.MaxInt64), 0},
		{"unordered times", at(5_000_000_000, 1_000_000_000, 3_000_000_000), 0},
		{"special values", []indicators.Point{
			{Time: now, Value: math.Copysign(0, -1)}, {Time: now.Add(1), Value: math.NaN()},
			{Time: now.Add(2), Value: math.Inf(1)}, {Time: now.Add(3), Value: math.Inf(-1)},
			{Time: now.Add(4), Value: 1 << 53}, {Time: now.Add(5), Value: -(1 << 53)},
			{Time: now.Add(6), Value: 1<<53 + 2}, {Time: now.Add(7), Value: math.MaxFloat64},
			{Time: now.Add(8), Value: -math.MaxFloat64}, {Time: now.Add(9), Value: math.SmallestNonzeroFloat64},
			{Time: now.Add(10), Value: 0}, {Time: now.Add(11), Value: -1},
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := pack(tt.pts)
			if got := w.unpack(nil); !samePoints(got, tt.pts) {
				t.Errorf("unpack(pack(%v)) = %v", tt.pts, got)
			}
			if tt.max > 0 && len(w) > tt.max {
				t.Errorf("packed into %d bytes, want at most %d", len(w), tt.max)
			}
		})
	}
}

func TestWindowRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var buf []indicators.Point
	for range 2000 {
		pts := make([]indicators.Point, rng.IntN(30))
		base := rng.Int64()
		for i := range pts {
			var n int64
			switch rng.IntN(4) {
			case 0:
				n = rng.Int64() - rng.Int64()
			case 1:
				n = base + int64(i)*int64(time.Hour)
			default:
				n = (base / 1e9 * 1e9) + int64(i)*int64(24*time.Hour)
			}
			var v float64
			switch rng.IntN(4) {
			case 0:
				v = math.Float64frombits(rng.Uint64())
			case 1:
				v = float64(rng.Int64N(1<<54) - 1<<53)
			default:
				v = float64(rng.IntN(1000))
			}
			pts[i] = indicators.Point{Time: time.Unix(0, n).UTC(), Value: v}
		}
		if buf = pack(pts).unpack(buf); !samePoints(buf, pts) {
			t.Fatalf("unpack(pack(%v)) = %v", pts, buf)
		}
	}
}

func BenchmarkWindowUnpack(b *testing.B) {
	pts := make([]indicators.Point, 24)
	for i := range pts {
		pts[i] = indicators.Point{Time: now.Add(time.Duration(i) * 7 * 24 * time.Hour), Value: float64(500_000 + 4000*i + 97*(i%5))}
	}
	w := pack(pts)
	var buf []indicators.Point
	for b.Loop() {
		buf = w.unpack(buf)
	}
	b.ReportMetric(float64(len(w)), "bytes/window")
}

func TestWindowKeepsSpanAndQualifier(t *testing.T) {
	pts := []indicators.Point{
		{Time: now.Add(-400 * 24 * time.Hour), Value: 270e6, Span: 365 * 24 * time.Hour, Qualifier: indicators.About},
		{Time: now.Add(-300 * 24 * time.Hour), Value: 5},
		{Time: now, Value: 420e6, Span: 364 * 24 * time.Hour, Qualifier: indicators.AtLeast},
	}
	got := pack(pts).unpack(nil)
	if !samePoints(got, pts) || got[0].Span != pts[0].Span || got[0].Qualifier != indicators.About ||
		got[1].Span != 0 || got[2].Qualifier != indicators.AtLeast || got[2].Span != pts[2].Span {
		t.Errorf("unpack(pack(%v)) = %v", pts, got)
	}
}
