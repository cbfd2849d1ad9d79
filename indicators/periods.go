package indicators

import (
	"slices"
	"time"
)

// InputCumulative is the input of a series published as a running total
// since a start (e-prescriptions created, app downloads): a rate indicator
// derives its rate from differences (cumulativeRates), and a level declared
// so is one that cannot fall (neverRecedes).
const InputCumulative = inputCumulative

// derivedRate reports whether the values are turned into trailing-year
// rates before anything else looks at them: counts or running totals of a
// rate indicator.
func (ind *Indicator) derivedRate() bool {
	return ind.Kind == KindRate && (ind.Input == InputCount || ind.Input == InputCumulative)
}

// rates appends to dst the trailing-year rates of a derived-rate series
// (derivedRate). Each rate's Span is the time it averages over, at most a
// year, so that plannedFor averages the plan over the same window.
func (ind *Indicator) rates(dst, pts []Point) []Point {
	switch {
	case ind.Input == InputCumulative:
		return cumulativeRates(dst, pts)
	case hasSpans(pts):
		return periodRates(dst, pts, ind.countPeriod())
	}
	return trailingRates(dst, pts, ind.countPeriod())
}

// hasSpans reports whether any count gives its own period (a start): the
// series is then read day by day (periodRates) rather than as counts of one
// fixed period, which keeps the figures of series pushed without start
// exactly what they were.
func hasSpans(pts []Point) bool {
	return slices.ContainsFunc(pts, func(p Point) bool { return p.Span > 0 })
}

// spanOf is the period a count covers: its own, or the indicator's.
func spanOf(p Point, period time.Duration) time.Duration {
	if p.Span > 0 {
		return p.Span
	}
	return period
}

// periodRates appends to dst, for each count in pts, the trailing 365-day
// rate at its time from the counts known then (those ending at or before
// it). Each count is spread uniformly over its period (Time − Span, Time].
// Where periods overlap, each instant takes the count of the shortest period
// covering it, the later-ending one on a tie: the most specific figure, then
// the most recent; so no day is counted twice, and a yearly total and a
// 12-month total to September are both kept. Instants no period covers
// count as zero; while the periods known span less than a year, the sum is
// scaled to a year as in trailingRates. pts must be sorted by time.
func periodRates(dst, pts []Point, period time.Duration) []Point {
	var first time.Time
	for i, p := range pts {
		if s := p.Time.Add(-spanOf(p, period)); i == 0 || s.Before(first) {
			first = s
		}
		sum, q := spreadSum(pts[:i+1], p.Time.Add(-year), p.Time, period)
		covered := min(p.Time.Sub(first), year)
		dst = append(dst, Point{Time: p.Time, Value: annualise(sum, covered), Span: covered, Qualifier: q})
	}
	return dst
}

// spreadSum is the count over (from, to] of the periods of pts (sorted,
// none ending after to), by periodRates' rule, with the qualifier of the
// counts it took.
func spreadSum(pts []Point, from, to time.Time, period time.Duration) (float64, Qualifier) {
	lo := len(pts)
	for lo > 0 && pts[lo-1].Time.After(from) {
		lo--
	}
	cands := pts[lo:]
	cuts := []time.Time{from, to}
	for _, p := range cands {
		if s := p.Time.Add(-spanOf(p, period)); s.After(from) {
			cuts = append(cuts, s)
		}
		cuts = append(cuts, p.Time)
	}
	slices.SortFunc(cuts, time.Time.Compare)
	cuts = slices.CompactFunc(cuts, time.Time.Equal)
	sum, q, used := 0.0, QualifierNone, false
	for k := 0; k+1 < len(cuts); k++ {
		j := coverOf(cands, cuts[k], cuts[k+1], period)
		if j < 0 {
			continue
		}
		c := cands[j]
		sum += c.Value * float64(cuts[k+1].Sub(cuts[k])) / float64(spanOf(c, period))
		if !used {
			q, used = c.Qualifier, true
		} else {
			q = combine(q, c.Qualifier)
		}
	}
	return sum, q
}

// coverOf returns the index of the count whose period covers (a, b] and is
// the shortest, the later-ending on a tie; -1 if none covers it.
func coverOf(cands []Point, a, b time.Time, period time.Duration) int {
	best := -1
	for j, c := range cands {
		span := spanOf(c, period)
		if c.Time.Before(b) || c.Time.Add(-span).After(a) {
			continue
		}
		if best < 0 || span <= spanOf(cands[best], period) {
			best = j
		}
	}
	return best
}

// cumulativeRates appends to dst, for each running total in pts but the
// first, the trailing-year rate at its time: the total minus the total a
// year before, read on the straight line between the two figures around
// that date; while the series spans less than a year, the increase since
// the first figure scaled to a year. A difference of a lower bound and an
// exact figure is a lower bound; of a lower bound and an earlier lower
// bound, nothing certain (combine). pts must be sorted by time.
func cumulativeRates(dst, pts []Point) []Point {
	for i := 1; i < len(pts); i++ {
		p := pts[i]
		from := p.Time.Add(-year)
		if !from.After(pts[0].Time) {
			d := p.Value - pts[0].Value
			q := combine(p.Qualifier, flip(pts[0].Qualifier))
			dst = append(dst, Point{Time: p.Time, Value: annualise(d, p.Time.Sub(pts[0].Time)), Span: p.Time.Sub(pts[0].Time), Qualifier: q})
			continue
		}
		j := i - 1
		for pts[j].Time.After(from) {
			j--
		}
		a, b := pts[j], pts[j+1]
		u := float64(from.Sub(a.Time)) / float64(b.Time.Sub(a.Time))
		then := a.Value + u*(b.Value-a.Value)
		q := combine(p.Qualifier, combine(flip(a.Qualifier), flip(b.Qualifier)))
		dst = append(dst, Point{Time: p.Time, Value: p.Value - then, Span: year, Qualifier: q})
	}
	return dst
}

// flip is the qualifier of a figure subtracted: a lower bound taken away
// leaves an upper bound.
func flip(q Qualifier) Qualifier {
	switch q {
	case AtLeast:
		return AtMost
	case AtMost:
		return AtLeast
	}
	return q
}
