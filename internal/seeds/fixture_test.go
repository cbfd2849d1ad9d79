package seeds_test

import (
	"hash/fnv"
	"math"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// The fixture of the golden evaluation: for each indicator a series made up
// from its own plan, so that the same code covers every indicator of the
// catalog. Nothing is random: noise is a hash of the indicator id and the
// point's date.

const day = 24 * time.Hour

// scenario makes the points of one indicator as of now.
type scenario struct {
	name   string
	points func(ind *indicators.Indicator, now time.Time) []indicators.Point
}

// scenarioOf chooses how the indicator's series goes. Level and rate
// indicators follow their plan's change from the baseline scaled by 1 + g
// (g < 0: behind), reported up to a month before now, or stop before the
// stale window, or have no data. Done/not-done milestones are done before
// or after their deadline, not started, partly done, stale or without data.
// A few indicators are pinned to cover the catalog's particular cases; the
// others get a scenario by a hash of their id, which keeps a new indicator
// from reshuffling the rest.
func scenarioOf(ind *indicators.Indicator) scenario {
	set := []scenario{
		{"ahead", trend(+0.12)},
		{"on_plan", trend(0)},
		{"behind_little", trend(-0.15)},
		{"behind_far", trend(-0.45)},
		{"stale", staleTrend},
		{"no_data", noData},
		{"late_start", lateStart},
	}
	if ind.Kind == indicators.KindMilestone {
		set = []scenario{
			{"done_early", doneEarly},
			{"not_started", notStarted},
			{"partial", partial},
			{"done_late", doneLate},
			{"stale", staleMilestone},
			{"no_data", noData},
		}
	}
	pinned := map[string]string{
		"mes_documents_fed_per_year":          "ahead",         // count input: monthly counts
		"sante_fr_unique_visitors_per_year":   "on_plan",       // rate input
		"ce_marking_delay_change":             "ahead",         // decreasing
		"cdri_user_establishments":            "ahead",         // last target already due
		"sas_departments_share":               "behind_little", // last target already due
		"hds_sovereignty_second":              "partial",       // progress towards a deadline to come
		"eprescription_software_market_share": "late_start",    // first figure long after its deadline
	}
	if name, ok := pinned[ind.ID]; ok {
		return set[slices.IndexFunc(set, func(s scenario) bool { return s.name == name })]
	}
	if set[len(set)-1].name == "late_start" {
		set = set[:len(set)-1] // pinned only, so that adding it reshuffles nothing
	}
	return set[hash(ind.ID)%uint64(len(set))]
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// wobble is deterministic noise in [-1, 1] for the indicator's point at t.
func wobble(id string, t time.Time) float64 {
	return float64(hash(id+"@"+t.Format(time.DateOnly))%2001)/1000 - 1
}

func noData(*indicators.Indicator, time.Time) []indicators.Point { return nil }

// reportDates returns the dates of a series reported every cadence up to
// last, plus the deadlines before last (figures are published for them), all
// after the baseline.
func reportDates(ind *indicators.Indicator, last time.Time) []time.Time {
	step := ind.Cadence
	if step < day {
		step = 90 * day
	}
	var ts []time.Time
	for t := last; t.After(ind.Baseline.Date); t = t.Add(-step) {
		ts = append(ts, t)
	}
	for _, m := range ind.Milestones {
		if m.Deadline.Before(last) && m.Deadline.After(ind.Baseline.Date) {
			ts = append(ts, m.Deadline)
		}
	}
	slices.SortFunc(ts, time.Time.Compare)
	return slices.CompactFunc(ts, time.Time.Equal)
}

// trend follows the plan's change from the baseline, scaled by 1 + g with
// ±5 % noise, up to a month before now.
func trend(g float64) func(*indicators.Indicator, time.Time) []indicators.Point {
	return func(ind *indicators.Indicator, now time.Time) []indicators.Point {
		return trendUntil(ind, now.Add(-30*day), g)
	}
}

// lateStart is the finding of issue 11: a series whose first figure comes
// after every deadline already passed, a little behind plan. Nothing says
// whether those milestones were met: they are unverified, not missed.
func lateStart(ind *indicators.Indicator, now time.Time) []indicators.Point {
	var passed time.Time
	for _, m := range ind.Milestones {
		if m.Deadline.Before(now) {
			passed = m.Deadline
		}
	}
	pts := trendUntil(ind, now.Add(-30*day), -0.15)
	i := slices.IndexFunc(pts, func(p indicators.Point) bool { return p.Time.After(passed) })
	if i < 0 {
		return nil
	}
	return pts[i:]
}

// staleTrend stops on plan 45 days before the stale window opens.
func staleTrend(ind *indicators.Indicator, now time.Time) []indicators.Point {
	return trendUntil(ind, now.Add(-staleWindow(ind)-45*day), 0)
}

func staleWindow(ind *indicators.Indicator) time.Duration {
	return time.Duration(ind.StaleAfter * float64(ind.Cadence))
}

func trendUntil(ind *indicators.Indicator, last time.Time, g float64) []indicators.Point {
	if ind.Input == indicators.InputCount {
		return monthlyCounts(ind, last, g)
	}
	var pts []indicators.Point
	for _, t := range reportDates(ind, last) {
		pts = append(pts, indicators.Point{Time: t, Value: level(ind, t, g)})
	}
	return pts
}

// level is the planned value at t with its change from the baseline scaled
// by 1 + g ± 5 %, kept within the unit's range.
func level(ind *indicators.Indicator, t time.Time, g float64) float64 {
	b := ind.Baseline.Value
	v := b + (ind.Planned(t)-b)*(1+g+0.05*wobble(ind.ID, t))
	switch ind.Unit {
	case "percent":
		return math.Min(v, 100)
	case "ratio":
		return math.Min(v, 1)
	}
	return v
}

// monthlyCounts reports, at each month end up to last, the month's count at
// the planned yearly rate of that date.
func monthlyCounts(ind *indicators.Indicator, last time.Time, g float64) []indicators.Point {
	var pts []indicators.Point
	start := ind.Baseline.Date
	for m := 1; ; m++ {
		end := time.Date(start.Year(), start.Month()+time.Month(m), 0, 0, 0, 0, 0, time.UTC)
		if end.After(last) {
			return pts
		}
		days := float64(end.Day())
		pts = append(pts, indicators.Point{Time: end, Value: level(ind, end, g) * days / 365})
	}
}

// zeros reports "not done" every cadence up to last.
func zeros(ind *indicators.Indicator, last time.Time) []indicators.Point {
	var pts []indicators.Point
	for _, t := range reportDates(ind, last) {
		pts = append(pts, indicators.Point{Time: t})
	}
	return pts
}

func notStarted(ind *indicators.Indicator, now time.Time) []indicators.Point {
	return zeros(ind, now.Add(-30*day))
}

// partial reports progress rising from 0.1 to 0.7 (±0.03) up to a month
// before now.
func partial(ind *indicators.Indicator, now time.Time) []indicators.Point {
	pts := zeros(ind, now.Add(-30*day))
	if len(pts) < 2 {
		return pts
	}
	first, span := pts[0].Time, pts[len(pts)-1].Time.Sub(pts[0].Time)
	for i := range pts {
		u := float64(pts[i].Time.Sub(first)) / float64(span)
		pts[i].Value = 0.1 + 0.6*u + 0.03*wobble(ind.ID, pts[i].Time)
	}
	return pts
}

// doneAt reports "not done" every cadence, then done at done.
func doneAt(ind *indicators.Indicator, done time.Time) []indicators.Point {
	pts := zeros(ind, done)
	pts[len(pts)-1].Value = 1
	return pts
}

// doneEarly is done 60 days before the deadline, or before now if sooner.
func doneEarly(ind *indicators.Indicator, now time.Time) []indicators.Point {
	due := ind.Milestones[len(ind.Milestones)-1].Deadline
	if now.Before(due) {
		due = now
	}
	return doneAt(ind, due.Add(-60*day))
}

// doneLate is done 90 days after the deadline where that date has passed,
// and not done yet otherwise.
func doneLate(ind *indicators.Indicator, now time.Time) []indicators.Point {
	done := ind.Milestones[len(ind.Milestones)-1].Deadline.Add(90 * day)
	if done.After(now) {
		return notStarted(ind, now)
	}
	return doneAt(ind, done)
}

// staleMilestone reports "not done" until 45 days before the stale window.
func staleMilestone(ind *indicators.Indicator, now time.Time) []indicators.Point {
	return zeros(ind, now.Add(-staleWindow(ind)-45*day))
}
