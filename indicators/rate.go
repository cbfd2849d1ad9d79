package indicators

import "time"

// year is the window of a trailing rate: 365 days, whatever the calendar.
const year = 365 * 24 * time.Hour

// Actuals appends to dst the series the plan is compared with: the points
// themselves, or for a count-input rate indicator their trailing rates. Charts
// use it to draw what Evaluate judged.
func (ind *Indicator) Actuals(dst, pts []Point) []Point {
	if !ind.derivedRate() {
		return append(dst, pts...)
	}
	return ind.rates(dst, pts)
}

// countPeriod is the length of one count period: Period, or the cadence when
// the catalog gives none, or a year (each count is then a yearly total).
func (ind *Indicator) countPeriod() time.Duration {
	switch {
	case ind.Period > 0:
		return ind.Period
	case ind.Cadence > 0:
		return ind.Cadence
	}
	return year
}

// trailingRates appends to dst, for each count in pts, the trailing 365-day
// rate at that count's time: the sum of the counts of the periods ending in
// (t − 365 days, t]. While the series holds less than a year of periods
// (from the start of its first period to t), the sum is scaled up to a year:
// sum × 365 days / covered time. Missing periods inside a year count as zero.
// pts must be sorted by time.
func trailingRates(dst, pts []Point, period time.Duration) []Point {
	if len(pts) == 0 {
		return dst
	}
	start := pts[0].Time.Add(-period)
	sum, lo := 0.0, 0
	for _, p := range pts {
		sum += p.Value
		for cut := p.Time.Add(-year); !pts[lo].Time.After(cut); lo++ {
			sum -= pts[lo].Value
		}
		covered := min(p.Time.Sub(start), year)
		dst = append(dst, Point{Time: p.Time, Value: annualise(sum, covered), Span: covered})
	}
	return dst
}

// annualise scales a sum observed over covered time to a year, when covered
// is shorter than a year.
func annualise(sum float64, covered time.Duration) float64 {
	if covered >= year || covered <= 0 {
		return sum
	}
	return sum * float64(year) / float64(covered)
}

// plannedFor returns the plan that an actual at t is judged against. For a
// rate built from counts the actual averages the pace over the trailing year
// (or over the time covered so far, from the start of the first period), so
// it is compared with the plan averaged over that same window: against the
// plan at t itself, a series keeping exactly to a rising plan would look half
// a year behind. The window is the actual's Span, set by rates.
func (ind *Indicator) plannedFor(actual Point) float64 {
	t := actual.Time
	if !ind.derivedRate() {
		return ind.Planned(t)
	}
	from := t.Add(-year)
	if actual.Span > 0 && actual.Span < year {
		from = t.Add(-actual.Span)
	}
	const samples = 24
	step := t.Sub(from) / samples
	if step <= 0 {
		return ind.Planned(t)
	}
	sum := 0.0
	for i := range samples {
		sum += ind.Planned(from.Add(step/2 + time.Duration(i)*step))
	}
	return sum / samples
}
