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
	day          = 24 * time.Hour
	minFitPoints = 3 // a line through two points leaves nothing to measure its error by
	minSpanShare = 4 // the points must span at least 1/4 of the way from the first to the deadline
	// minProbability and maxProbability bound the probability of an open
	// target: a straight line fitted to a few points cannot make a miss or
	// a success certain, and 0 or 1 would read as a decided fact.
	minProbability = 0.001
	maxProbability = 0.999
)

// tQuantile90 is the 90th percentile of Student's t law with df degrees of
// freedom (df = n − 2, n ≤ fitPoints), the half-width of the 80 %
// prediction interval in standard errors. The values are studentQuantile's,
// to 17 digits, and a test checks them against it; computing them at each
// evaluation would take a few hundred CDF evaluations a series.
func tQuantile90(df int) float64 {
	switch df {
	case 1:
		return 3.0776835371752522
	case 2:
		return 1.8856180831641267
	case 3:
		return 1.6377443536962093
	case 4:
		return 1.5332062740589434
	case 5:
		return 1.4758840488244789
	case 6:
		return 1.4397557472651492
	case 7:
		return 1.4149239276505097
	case 8:
		return 1.396815309743864
	case 9:
		return 1.3830287383966322
	case 10:
		return 1.3721836411103365
	}
	return studentQuantile(0.9, float64(df))
}

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

// load copies the recent points, newest first, and returns how many; 0 for
// a milestone indicator when none reports partial progress (a run of zeros
// is no trend to extrapolate). The points' span is f.x[n-1] days before the
// latest; sufficient judges it.
func (f *fitter) load(pts []Point, needPartial bool) int {
	last, n, partial := pts[len(pts)-1].Time, 0, false
	oldest := last
	for i := len(pts) - 1; i >= 0 && n < fitPoints && last.Sub(pts[i].Time) <= fitAge; i-- {
		oldest = pts[i].Time
		f.x[n], f.y[n] = float64(oldest.Sub(last))/float64(day), pts[i].Value
		partial = partial || (f.y[n] > 0 && f.y[n] < 1)
		n++
	}
	if needPartial && !partial {
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

// meetProbability is P(margin + error > 0) for an error se × T, T following
// Student's t law with df degrees of freedom — the law of the prediction
// interval, so that the probability and the interval agree (the target at
// the interval's lower bound has probability 0.9). It stays within
// [minProbability, maxProbability]: with no spread at all, it is one of
// them, or ½ on the target itself.
func meetProbability(margin, se float64, df int) float64 {
	p := 0.5
	switch {
	case math.IsNaN(margin) || math.IsNaN(se):
		return math.NaN()
	case se > 0:
		p = studentCDF(margin/se, float64(df))
	case margin > 0:
		p = 1
	case margin < 0:
		p = 0
	}
	return min(max(p, minProbability), maxProbability)
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

// sufficient returns why the n loaded points, the latest dated last, are
// too few to forecast the deadline at, or the zero NoForecast when they are
// enough: at least minFitPoints, spanning at least 1/minSpanShare of the
// time from the first of them to the deadline. A line is not extrapolated
// more than three times its own length: the fit says nothing about
// curvature beyond it, and its interval, exact only for a straight line,
// would claim a precision it does not have.
func (f *fitter) sufficient(n int, last, at time.Time) NoForecast {
	span := time.Duration(-f.x[n-1] * float64(day))
	nf := NoForecast{Figures: n, Span: span, Whole: at.Sub(last) + span, Deadline: at}
	switch {
	case n < minFitPoints:
		nf.Reason = TooFewFigures
	case span < day:
		nf.Reason = FiguresOnOneDay
	case span*minSpanShare < nf.Whole:
		nf.Reason = SpanTooShort
	default:
		return NoForecast{}
	}
	return nf
}
