package report

import (
	"slices"

	"github.com/jalonhq/jalon/indicators"
)

// Trajectory is what a chart of one indicator draws: the plan of its
// definition in force and the actuals of the series shown, as the pages
// chart them (a rate pushed as counts is drawn as its trailing rate).
type Trajectory struct {
	Def     *indicators.Indicator
	Actuals []indicators.Point
}

// charting is implemented by the renderers that draw trajectories; the
// others spare the builder copying every series' points.
type charting interface{ charts() }

// trajectory keeps the points of j for a chart.
func (b *builder) trajectory(j judged) *Trajectory {
	if !b.charts || !j.known {
		return nil
	}
	return &Trajectory{Def: j.def, Actuals: j.def.Actuals(nil, j.points)}
}

// keep copies the builder's buffer into j when charts are drawn: the buffer
// is reused by the next series.
func (b *builder) keep(j *judged) {
	if b.charts {
		j.points = slices.Clone(b.buf)
	}
}
