package pages

import (
	"github.com/jalonhq/jalon/indicators"
)

// paceFact is the pace the next target needs beside the recent one, "you
// need 179 a month; recent pace 120 a month", false when no quantified
// target is ahead.
func paceFact(l *lang, ind *indicators.Indicator, e indicators.Evaluation) (pageFact, bool) {
	p := e.Pace
	if p == nil || p.Target >= len(ind.Milestones) {
		return pageFact{}, false
	}
	u := indicators.Unit{Name: ind.Unit, Lang: indicators.Lang(l.Code)}
	name := l.F("Pace to %s by %s", u.Format(ind.TargetValue(p.Target)), dayText(ind.Milestones[p.Target].Deadline))
	return pageFact{Name: name, Value: u.PaceText(*p)}, true
}
