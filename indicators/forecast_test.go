package indicators

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// monthly returns n points 30 days apart from 2024-01-01, valued f(i).
func monthly(t testing.TB, n int, f func(i int) float64) []Point {
	pts := make([]Point, n)
	for i := range pts {
		pts[i] = Point{Time: date(t, "2024-01-01").Add(time.Duration(i) * 30 * day), Value: f(i)}
	}
	return pts
}

// noisyLine climbs 2 a month from 10 with a wobble of ±0.5.
func noisyLine(i int) float64 { return 10 + 2*float64(i) + 0.5*float64(i%3-1) }

// TestForecastIgnoresOneOutlier drops one month of twelve to almost zero:
// least squares would then forecast 32.3 instead of 34.4 and all but give up
// on the target of 34.5; Theil–Sen does not move.
func TestForecastIgnoresOneOutlier(t *testing.T) {
	ind := &Indicator{Kind: KindLevel, Direction: Increase, Baseline: Anchor{Value: 10, Date: date(t, "2024-01-01")},
		Milestones: []Milestone{{Value: ptr(34.5), Deadline: date(t, "2025-01-01")}}}
	now := date(t, "2024-12-01")
	clean := monthly(t, 12, noisyLine)
	wild := monthly(t, 12, noisyLine)
	wild[6].Value = 0.02 // one figure keyed in the wrong unit
	a, b := Evaluate(ind, clean, now), Evaluate(ind, wild, now)
	if a.Forecast == nil || b.Forecast == nil {
		t.Fatalf("Evaluate(12 monthly points) = forecasts %v and %v, want both", a.Forecast, b.Forecast)
	}
	if d := math.Abs(b.Forecast.Value-a.Forecast.Value) / a.Forecast.Value; d > 0.01 {
		t.Errorf("Evaluate(outlier 0.02).Forecast = %.2f, want within 1 %% of %.2f without it", b.Forecast.Value, a.Forecast.Value)
	}
	if math.Abs(b.Probability-a.Probability) > 0.05 {
		t.Errorf("Evaluate(outlier 0.02).Probability = %.3f, want within 0.05 of %.3f", b.Probability, a.Probability)
	}
}

// TestForecastNeedsEnoughFigures: below three figures, or with figures
// spanning less than a quarter of the way from the first of them to the
// deadline, there is no forecast and the confidence is insufficient_data,
// with the reason; two points used to give an interval of zero width.
func TestForecastNeedsEnoughFigures(t *testing.T) {
	oneDay := []Point{
		{Time: date(t, "2024-06-01"), Value: 40},
		{Time: date(t, "2024-06-01").Add(8 * time.Hour), Value: 45},
		{Time: date(t, "2024-06-01").Add(16 * time.Hour), Value: 41},
	}
	cases := []struct {
		name   string
		ind    *Indicator
		pts    []Point
		now    string
		reason NoForecastReason
		note   string
	}{
		{"single point", twoTargets(t), series(t, "2024-06-01", 40), "2024-07-02", TooFewFigures,
			"1 figure in the two years to the latest: a forecast needs at least 3"},
		{"two points", twoTargets(t), series(t, "2024-06-01", 40, "2024-07-01", 50), "2024-07-02", TooFewFigures,
			"2 figures in the two years to the latest: a forecast needs at least 3"},
		{"all points on one day", twoTargets(t), oneDay, "2024-07-02", FiguresOnOneDay,
			"3 figures, all on one day: no trend to extrapolate"},
		{"three points in two months, deadline six months on", twoTargets(t),
			series(t, "2024-05-01", 30, "2024-06-01", 40, "2024-07-01", 50), "2024-07-02", SpanTooShort,
			"3 figures spanning 2 months, less than a quarter of the 8 months from the first of them to the deadline, 2025-01-01"},
		{"three points over a quarter of the way", twoTargets(t),
			series(t, "2024-03-01", 30, "2024-05-01", 40, "2024-07-01", 50), "2024-07-02", "", ""},
		{"milestone progress", launch(t), series(t, "2024-03-01", 0.2, "2024-04-01", 0.3, "2024-06-01", 0.4), "2024-07-02", "", ""},
	}
	for _, c := range cases {
		ev := Evaluate(c.ind, c.pts, date(t, c.now))
		if ev.NoForecast.Reason != c.reason || ev.NoForecast.String() != c.note {
			t.Errorf("%s: Evaluate(%v).NoForecast = %q %q, want %q %q", c.name, c.pts, ev.NoForecast.Reason, ev.NoForecast, c.reason, c.note)
		}
		wantOK, wantConf := c.reason == "", ConfidenceInsufficient
		if ok := ev.Forecast != nil && !math.IsNaN(ev.Probability); ok != wantOK {
			t.Errorf("%s: Evaluate(%v) = forecast %v probability %v, want a forecast %t", c.name, c.pts, ev.Forecast, ev.Probability, wantOK)
		}
		if !wantOK && ev.Confidence != wantConf {
			t.Errorf("%s: Evaluate(%v).Confidence = %s, want %s", c.name, c.pts, ev.Confidence, wantConf)
		}
	}
}

func TestForecastSkipsUnreportedProgress(t *testing.T) {
	pts := series(t, "2024-03-01", 0, "2024-04-01", 0, "2024-05-01", 0)
	ev := Evaluate(launch(t), pts, date(t, "2024-05-02"))
	if ev.Forecast != nil || ev.Confidence != ConfidenceUnknown {
		t.Errorf("Evaluate(zeros) = forecast %v %s, want none and unknown", ev.Forecast, ev.Confidence)
	}
}

func TestForecastDecrease(t *testing.T) {
	// 12 → 8.7 months in 11 months: at that pace 6 months comes well before 2026.
	pts := monthly(t, 12, func(i int) float64 { return 12 - 0.3*float64(i) + 0.1*float64(i%2) })
	ev := Evaluate(shorterDelay(t), pts, date(t, "2024-12-01"))
	if ev.Forecast == nil || ev.Forecast.Value > 7 || ev.Probability < 0.8 || ev.Confidence != ConfidenceGreen {
		t.Errorf("Evaluate(falling delay) = %+v p %.3f %s, want below 7, p ≥ 0.8, green", ev.Forecast, ev.Probability, ev.Confidence)
	}
}

func TestForecastIntervalWidensWithHorizon(t *testing.T) {
	var f fitter
	pts := monthly(t, 12, noisyLine)
	tr := f.fit(f.load(pts, false))
	var last float64
	for _, x := range []float64{0, 100, 300, 1000} {
		v, se := tr.at(x)
		if se <= last || math.IsNaN(v) {
			t.Errorf("trend.at(%v) = %v ± %v, want a standard error above %v", x, v, se, last)
		}
		last = se
	}
}

func TestMeetProbability(t *testing.T) {
	// The probability follows the interval's law: the target at the 80 %
	// interval's lower bound (t quantile below the forecast) has probability
	// 0.9, whatever the degrees of freedom; it never reaches 0 or 1.
	cases := []struct {
		name             string
		margin, se, want float64
		df               int
	}{
		{"on the target, no spread", 0, 0, 0.5, 3},
		{"above, no spread", 1, 0, 0.999, 3},
		{"below, no spread", -1, 0, 0.001, 3},
		{"on the target", 0, 3, 0.5, 3},
		{"lower bound, df 1", 3.0777, 1, 0.9, 1},
		{"lower bound, df 2", 1.8856, 1, 0.9, 2},
		{"upper bound, df 5", -1.4759, 1, 0.1, 5},
		{"lower bound, df 30", 1.3104, 1, 0.9, 30},
		{"the normal's 1.2816 is not enough with 3 points", 1.2816, 1, 0.7891, 1},
		{"far above", 1e6, 1, 0.999, 10},
		{"far below", -1e6, 1, 0.001, 10},
		{"infinite spread", 5, math.Inf(1), 0.5, 3},
		{"unknown margin", math.NaN(), 1, math.NaN(), 3},
	}
	for _, c := range cases {
		got := meetProbability(c.margin, c.se, c.df)
		if fmt.Sprintf("%.4f", got) != fmt.Sprintf("%.4f", c.want) {
			t.Errorf("%s: meetProbability(%v, %v, %d) = %.4f, want %.4f", c.name, c.margin, c.se, c.df, got, c.want)
		}
	}
}

func TestMedian(t *testing.T) {
	cases := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{2, 1}, 1.5},
		{[]float64{5, 1, 4, 2, 3}, 3},
		{[]float64{7, 7, 7, 7}, 7},
		{[]float64{1, 9, 2, 8, 3, 7}, 5},
		{[]float64{-1, -1, 4, -1, 10, 10}, 1.5},
	}
	for _, c := range cases {
		in := fmt.Sprint(c.in)
		if got := median(c.in); got != c.want {
			t.Errorf("median(%s) = %v, want %v", in, got, c.want)
		}
	}
}
