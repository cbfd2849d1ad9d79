package pages

import (
	"html/template"
	"math"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// explainer writes the numbers behind a status in plain words, as the
// worked example of docs/trajectory.md does, with one series' own values.
type explainer struct {
	l       *lang
	nf      numFmt
	ind     *indicators.Indicator
	e       indicators.Evaluation
	actuals []indicators.Point // the series as judged
	out     []template.HTML
}

func (x *explainer) say(format string, args ...any) { x.out = append(x.out, x.l.H(format, args...)) }

// explainEvaluation returns the explanation of evaluation e of ind, given the series
// as judged (for the window of a trailing rate and the milestones passed).
func explainEvaluation(l *lang, ind *indicators.Indicator, e indicators.Evaluation, actuals []indicators.Point) []template.HTML {
	x := &explainer{l: l, nf: l.numbers(ind), ind: ind, e: e, actuals: actuals}
	switch {
	case e.Latest == nil:
		x.noData()
	case e.Target < 0:
		x.say("This indicator has no target: only the freshness of its figures is watched.")
		x.latest()
		x.freshness()
	case ind.Kind == indicators.KindMilestone:
		x.target()
		x.milestone()
		x.odds()
	default:
		x.target()
		x.missedBefore()
		x.latest()
		x.planAtLatest()
		x.gap()
		x.status()
		x.progress()
		x.odds()
	}
	return x.out
}

func (x *explainer) noData() {
	x.say("No figure has been received yet: there is nothing to judge, so the status is %s.", x.l.statusText(indicators.StatusNoData))
	if overdueUnreported(x.ind, &x.e) {
		m := x.ind.Milestones[x.e.Target]
		x.say("Its deadline, %s (%s), has passed with nothing reported: the milestone is overdue.", dayText(m.Deadline), frText(m.DeadlineText))
		return
	}
	if x.e.Target >= 0 {
		m := x.ind.Milestones[x.e.Target]
		x.say("Today the plan stands at %s, on the way to %s by %s (%s).", x.nf.Exact(x.e.PlannedNow),
			x.nf.Value(x.ind.TargetValue(x.e.Target)), dayText(m.Deadline), frText(m.DeadlineText))
	}
}

func (x *explainer) target() {
	k, m := x.e.Target, x.ind.Milestones[x.e.Target]
	x.say("The current target is milestone %d of %d: %s by %s (%s).", k+1, len(x.ind.Milestones),
		x.nf.Value(x.ind.TargetValue(k)), dayText(m.Deadline), frText(m.DeadlineText))
}

func (x *explainer) missedBefore() {
	if k := x.e.LastMissed; k >= 0 && k != x.e.Target {
		x.say("Milestone %d (%s by %s) was missed; the plan still passes through its value, so the gap below shows how far behind the series is.",
			k+1, x.nf.Value(x.ind.TargetValue(k)), dayText(x.ind.Milestones[k].Deadline))
	}
	if k := x.e.LastUnverified; k >= 0 && k != x.e.Target {
		x.say("Milestone %d (%s by %s) is unverified: no figure near its deadline shows whether it was met.",
			k+1, x.nf.Value(x.ind.TargetValue(k)), dayText(x.ind.Milestones[k].Deadline))
	}
}

func (x *explainer) latest() {
	x.say("The latest actual is %s, dated %s.", x.nf.Exact(x.e.Latest.Value), dayText(x.e.Latest.Time))
	if x.ind.Kind == indicators.KindRate && x.ind.Input == indicators.InputCount {
		x.say("It is a trailing-year rate: the sum of the counts of the periods ending in the 365 days up to that date, scaled up to a year while the series covers less than a year.")
	}
}

func (x *explainer) freshness() {
	if x.ind.Cadence <= 0 {
		return
	}
	after := x.ind.StaleAfter
	if after <= 0 {
		after = indicators.DefaultStaleAfter
	}
	window := time.Duration(after * float64(x.ind.Cadence))
	age := wholeDays(x.e.Now.Sub(x.e.Latest.Time))
	if x.e.Status == indicators.StatusStale {
		x.say("The latest figure is %d days old, more than %s × the %d-day cadence = %d days: the status is %s, as a trajectory judged on old figures would mislead.",
			age, x.l.short(after), wholeDays(x.ind.Cadence), wholeDays(window), x.l.statusText(indicators.StatusStale))
		x.lastJudged()
		return
	}
	x.say("The latest figure is %d days old, within the %d days (%s × the %d-day cadence) after which it would be stale.",
		age, wholeDays(window), x.l.short(after), wholeDays(x.ind.Cadence))
}

// lastJudged keeps what staleness hides: how the latest figure stood
// against the plan at its own date.
func (x *explainer) lastJudged() {
	if x.e.LastJudged == "" || notFinite(x.e.PlannedAtLatest) {
		return
	}
	x.say("Stale since %s; last judged %s (%s against %s planned).", dayText(x.e.Latest.Time),
		x.l.statusText(x.e.LastJudged), x.nf.Exact(x.e.Latest.Value), x.nf.Exact(x.e.PlannedAtLatest))
}

// planAtLatest shows how E was computed at the latest actual's date.
func (x *explainer) planAtLatest() {
	t, e := x.e.Latest.Time, x.e.PlannedAtLatest
	if x.ind.Kind == indicators.KindRate && x.ind.Input != indicators.InputRate && len(x.actuals) > 0 {
		// The engine sets the span a rate averages over (a year, or less
		// while the series is young) on each rate it derives.
		from := t.Add(-365 * 24 * time.Hour)
		if span := x.e.Latest.Span; span > 0 && t.Add(-span).After(from) {
			from = t.Add(-span)
		}
		x.say("A trailing-year rate is judged against the plan averaged over the same window, from %s to %s: %s (the plan on the date itself is %s).",
			dayText(from), dayText(t), x.nf.Exact(e), x.nf.Exact(x.ind.Planned(t)))
	} else {
		x.segment(t, e)
	}
	x.say("Today the plan is at %s; it is shown, not used to judge, as figures arrive late and are judged against where the plan stood when they were true.",
		x.nf.Exact(x.e.PlannedNow))
}

// segment explains E(t) on the segment of the plan that holds t.
func (x *explainer) segment(t time.Time, e float64) {
	as := pagePlanAnchors(x.ind)
	b, nf := 0, x.nf
	for b < len(as) && !as[b].Date.After(t) {
		b++
	}
	switch {
	case b == 0:
		x.say("The date is before the baseline: the plan there is the baseline value, %s.", nf.Exact(e))
		return
	case b == len(as):
		x.say("The date is on or after the last deadline: the plan there is the last milestone's value, %s.", nf.Exact(e))
		return
	}
	a, z := as[b-1], as[b]
	elapsed, span := wholeDays(t.Sub(a.Date)), wholeDays(z.Date.Sub(a.Date))
	switch x.ind.Shape {
	case indicators.ShapeStep:
		x.say("The plan steps: it stays at %s until the deadline of %s, so on %s it is %s.", nf.Exact(a.Value), dayText(z.Date), dayText(t), nf.Exact(e))
	case indicators.ShapeSCurve:
		share := (e - a.Value) / (z.Value - a.Value)
		x.say("The plan on %s lies on the segment from %s on %s to %s on %s: %d of its %d days have passed, and the s-curve plans a share %s of the change by then, so E = %s + (%s − %s) × %s = %s.",
			dayText(t), nf.Exact(a.Value), dayText(a.Date), nf.Exact(z.Value), dayText(z.Date), elapsed, span,
			x.l.precise(share), nf.Bare(a.Value), nf.Bare(z.Value), nf.Bare(a.Value), x.l.precise(share), nf.Exact(e))
	default:
		x.say("The plan on %s lies on the segment from %s on %s to %s on %s: %d of its %d days have passed, so E = %s + (%s − %s) × %d / %d = %s.",
			dayText(t), nf.Exact(a.Value), dayText(a.Date), nf.Exact(z.Value), dayText(z.Date), elapsed, span,
			nf.Bare(a.Value), nf.Bare(z.Value), nf.Bare(a.Value), elapsed, span, nf.Exact(e))
	}
}

// pagePlanAnchors lists the dated values the plan passes through, as
// docs/trajectory.md §1 defines them.
func pagePlanAnchors(ind *indicators.Indicator) []indicators.Anchor {
	as := []indicators.Anchor{{Value: ind.Planned(ind.Baseline.Date), Date: ind.Baseline.Date}}
	var last time.Time
	if ind.Shape == indicators.ShapePlan && len(ind.Plan) > 0 {
		as = append(as, ind.Plan...)
		last = ind.Plan[len(ind.Plan)-1].Date
	}
	for i, m := range ind.Milestones {
		if m.Deadline.After(last) {
			as = append(as, indicators.Anchor{Value: ind.TargetValue(i), Date: m.Deadline})
		}
	}
	return as
}

// countPeriodOf mirrors the engine's period of one count: Period, else the
// cadence, else a year.
func countPeriodOf(ind *indicators.Indicator) time.Duration {
	switch {
	case ind.Period > 0:
		return ind.Period
	case ind.Cadence > 0:
		return ind.Cadence
	}
	return 365 * 24 * time.Hour
}

// plannedSpan returns the anchor before milestone k (the baseline or the previous
// milestone) and milestone k's value, between which the change is planned.
func plannedSpan(ind *indicators.Indicator, k int) (from, to float64, fromDate time.Time) {
	from, fromDate = ind.Planned(ind.Baseline.Date), ind.Baseline.Date
	if k > 0 {
		from, fromDate = ind.TargetValue(k-1), ind.Milestones[k-1].Deadline
	}
	return from, ind.TargetValue(k), fromDate
}

func directionSign(ind *indicators.Indicator) float64 {
	if ind.Direction == indicators.Decrease {
		return -1
	}
	return 1
}

func notFinite(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
