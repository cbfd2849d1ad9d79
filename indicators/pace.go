package indicators

import (
	"math"
	"time"
)

// month is the unit paces are given in: an average calendar month, so that a
// pace over a year reads as a twelfth of the change.
const month = 365.25 / 12 * float64(day)

// recentWindow and recentFigures bound the figures the recent pace is taken
// from: those of the six months up to the latest, or the last three when the
// six months hold fewer (a yearly series still gets a pace).
const (
	recentWindow  = 6 * 30 * day
	recentFigures = 3
)

// Pace compares the pace a target needs with the pace the figures show,
// both in the indicator's unit per month: "to reach 10 000 by 2026-06-30
// you need 179 a month; the last six months ran at 120".
type Pace struct {
	// Target is the index of the milestone the pace aims at: the first
	// whose deadline is ahead.
	Target int
	// Required is the change per month from the latest figure to the
	// target by its deadline, signed like the values; 0 once the latest
	// figure meets it.
	Required float64
	// Recent is the change per month between the first and the last of
	// the recent figures (from RecentFrom to the latest), NaN with fewer
	// than two figures at distinct dates.
	Recent     float64
	RecentFrom time.Time
}

// pace returns the pace towards the first target whose deadline is ahead of
// now, false when there is none or the indicator is a done/not-done
// milestone, whose value has no pace.
func (ind *Indicator) pace(pts []Point, k int, now time.Time) (Pace, bool) {
	if k < 0 || ind.Kind == KindMilestone || len(pts) == 0 {
		return Pace{}, false
	}
	j := ind.nextDeadline(k, now)
	if j < 0 {
		return Pace{}, false
	}
	last := pts[len(pts)-1]
	p := Pace{Target: j, Recent: math.NaN()}
	toGo := ind.TargetValue(j) - last.Value
	if toGo*ind.sign() > 0 {
		p.Required = toGo / months(last.Time, ind.Milestones[j].Deadline)
	}
	if first := recentStart(pts); first.Time.Before(last.Time) {
		p.Recent, p.RecentFrom = (last.Value-first.Value)/months(first.Time, last.Time), first.Time
	}
	return p, true
}

// recentStart returns the first figure the recent pace is measured from.
func recentStart(pts []Point) Point {
	last := len(pts) - 1
	i := last
	for i > 0 && pts[i-1].Time.After(pts[last].Time.Add(-recentWindow)) {
		i--
	}
	if last-i+1 < recentFigures {
		i = max(0, last-recentFigures+1)
	}
	return pts[i]
}

// months returns the months from a to b, at least one day's worth so that a
// deadline hours away gives a large pace rather than an infinite one.
func months(a, b time.Time) float64 {
	return max(float64(b.Sub(a)), float64(day)) / month
}
