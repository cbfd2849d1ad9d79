package report

import (
	"math"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/wire"
)

// Pace is, with short "pace: %s", "pace: you need 6.3 a month; recent pace 4.8 a month", naming the
// target, with long, when it is not the line's current one; "" without a quantified
// target ahead.
func (w *words) Pace(ind *Indicator, short, long string) string {
	if ind.Pace == nil || ind.PaceTarget == nil {
		return ""
	}
	u := indicators.Unit{Name: ind.Unit, Lang: w.lang}
	if ind.Target != nil && ind.Target.Deadline.Equal(ind.PaceTarget.Deadline) {
		return w.F(short, u.PaceText(*ind.Pace)) // the line names that target already
	}
	return w.F(long, w.targetText(ind.Unit, ind.PaceTarget), u.PaceText(*ind.Pace))
}

// paceOf is the JSON form of an indicator's pace, nil without one.
func paceOf(ind *Indicator) *wire.Pace {
	p, m := ind.Pace, ind.PaceTarget
	if p == nil || m == nil {
		return nil
	}
	out := &wire.Pace{Target: wire.Target{Value: m.Value, Deadline: day(m.Deadline), DeadlineText: m.DeadlineText},
		RequiredPerMonth: wire.Number(p.Required)}
	if !math.IsNaN(p.Recent) {
		from := p.RecentFrom.UTC()
		out.RecentPerMonth, out.RecentFrom = wire.Number(p.Recent), &from
	}
	return out
}
