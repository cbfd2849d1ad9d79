package api

import (
	"math"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/wire"
)

// paceView is the wire form of an evaluation's pace, nil when it has none.
func paceView(ind *indicators.Indicator, p *indicators.Pace) *wire.Pace {
	if p == nil {
		return nil
	}
	t := milestoneView(ind, p.Target)
	if t == nil {
		return nil
	}
	v := &wire.Pace{Target: *t, RequiredPerMonth: wire.Number(p.Required)}
	if !math.IsNaN(p.Recent) {
		from := p.RecentFrom.UTC()
		v.RecentPerMonth, v.RecentFrom = wire.Number(p.Recent), &from
	}
	return v
}
