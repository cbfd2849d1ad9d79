package indicators

import (
	"math"
	"time"
)

// The forecast's parameters; docs/trajectory.md explains each.
const (
	fitPoints    = 12       // at most the last 12 points are fitted
	fitAge       = 2 * year // and none older than two years before the latest
	madSigma     = 1.4826   // σ of a normal law over its median absolute deviation
	meanAbsSigma = 1.2533   // σ of a normal law over its mean absolute deviation, √(π/2)
	intervalZ    = 1.2816   // the 10th and 90th percentiles: an 80 % interval
	day          = 24 * time.Hour
)

// fitter holds the scratch space of one trend fit, sized for fitPoints so
// that fitting allocates nothing.
type fitter struct {
	x, y [fitPoints]float64
	buf  [fitPoints * (fitPoints - 1) / 2]float64
}

// trend is a straight line y = intercept + slope·x fitted to n points, x in
// days from the latest point, with the spread σ of its residuals and the
// mean and sum of squared deviations of x that widen it with the horizon.
type trend struct {
	n                       int
	intercept, slope, sigma float64
	meanX, ssd              float64
}

// load copies the recent points, newest first, and returns how many; 0 when
// they do not span two calendar days, and for a milestone indicator when
// none reports partial progress (a run of zeros is no trend to extrapolate).
func (f *fitter) load(pts []Point, needPartial bool) int {
	last, n, partial := pts[len(pts)-1].Time, 0, false
	oldest := last
	for i := len(pts) - 1; i >= 0 && n < fitPoints && last.Sub(pts[i].Time) <= fitAge; i-- {
		oldest = pts[i].Time
		f.x[n], f.y[n] = float64(oldest.Sub(last))/float64(day), pts[i].Value
		partial = partial || (f.y[n] > 0 && f.y[n] < 1)
		n++
	}
	if oldest.Truncate(day).Equal(last.Truncate(day)) || (needPartial && !partial) {
		return 0
	}
	return n
}

// fit runs Theil–Sen on the n loaded points: the slope is the median of the
// slopes between every pair of points, the intercept the median of y − slope·x,
// so that one wild point moves neither.
func (f *fitter) fit(n int) trend {
	x, y, m := f.x[:n], f.y[:n], 0
	for i := range x {
		for j := i + 1; j < n; j++ {
			if x[j] != x[i] {
				f.buf[m] = (y[j] - y[i]) / (x[j] - x[i])
				m++
			}
		}
	}
	t := trend{n: n, slope: median(f.buf[:m])}
	for i := range x {
		f.buf[i] = y[i] - t.slope*x[i]
	}
	t.intercept = median(f.buf[:n])
	t.sigma = f.spread(t)
	t.meanX, t.ssd = moments(x)
	return t
}

// spread estimates σ of the residuals robustly, from their median absolute
// value (their median is 0 by construction of the intercept). With two or
// three points, or most points exactly on the line, that median is 0, and the
// mean absolute residual stands in.
func (f *fitter) spread(t trend) float64 {
	r := f.buf[:t.n]
	for i := range r {
		r[i] = math.Abs(f.y[i] - t.intercept - t.slope*f.x[i])
	}
	if s := madSigma * median(r); s > 0 {
		return s
	}
	sum := 0.0
	for _, v := range r {
		sum += v
	}
	return meanAbsSigma * sum / float64(t.n)
}

// at returns the trend's value x days from the latest point and the standard
// error of a new observation there, which grows with the distance from the
// fitted points as in the textbook straight-line prediction interval.
func (t trend) at(x float64) (value, se float64) {
	d := x - t.meanX
	return t.intercept + t.slope*x, t.sigma * math.Sqrt(1+1/float64(t.n)+d*d/t.ssd)
}

// meetProbability is P(margin + error > 0) for a normal error of standard
// deviation se; with no spread at all it is 1, 0, or ½ on the target itself.
func meetProbability(margin, se float64) float64 {
	switch {
	case math.IsNaN(margin):
		return math.NaN()
	case se > 0:
		return 0.5 * math.Erfc(-margin/se/math.Sqrt2)
	case margin > 0:
		return 1
	case margin < 0:
		return 0
	}
	return 0.5
}

// moments returns the mean of x and the sum of squared deviations from it.
func moments(x []float64) (mean, ssd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		ssd += (v - mean) * (v - mean)
	}
	return mean, ssd
}
