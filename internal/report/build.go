package report

import (
	"errors"
	"fmt"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/territory"
)

// defsAt are an indicator's definitions in force at Query.At and Query.Since.
type defsAt struct{ at, since *indicators.Indicator }

// definitions returns the definition of every indicator of c in force at the
// report's dates.
func definitions(st Source, c *indicators.Catalog, q Query) (map[string]defsAt, error) {
	out := map[string]defsAt{}
	for oi := range c.Objectives {
		for ii := range c.Objectives[oi].Indicators {
			cur := &c.Objectives[oi].Indicators[ii]
			revs, err := st.Revisions(cur.ID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, fmt.Errorf("report: %w", err)
			}
			out[cur.ID] = defsAt{at: inForce(revs, q.At, cur), since: inForce(revs, q.Since, cur)}
		}
	}
	return out, nil
}

// inForce returns the last revision stored at or before t; before the first
// one, the first one, the oldest known; without revisions, cur.
func inForce(revs []store.Revision, t time.Time, cur *indicators.Indicator) *indicators.Indicator {
	if len(revs) == 0 {
		return cur
	}
	r := revs[0]
	for _, x := range revs[1:] {
		if !x.Time.After(t) {
			r = x
		}
	}
	def := r.Definition.Indicator()
	return &def
}

// builder evaluates objectives within one read transaction.
type builder struct {
	rd    store.Reader
	q     Query
	defs  map[string]defsAt
	ev    indicators.Evaluator
	buf   []indicators.Point
	codes *territory.Codes
	// charts is set when the renderer draws trajectories: the builder then
	// keeps the points.
	charts bool
}

// judged is the evaluation that speaks for an indicator at one date.
type judged struct {
	ev     indicators.Evaluation
	def    *indicators.Indicator
	labels indicators.Labels
	series uint64 // the judged series
	parts  int
	known  bool               // some point was known
	points []indicators.Point // kept only for charts
}

func (b *builder) objective(c *indicators.Catalog, o *indicators.Objective, sum *Summary) (*Objective, error) {
	axis, _ := c.AxisOf(o.Axis)
	out := &Objective{ID: o.ID, Title: o.Title, Axis: axis.Name, Owners: o.Owners, Status: indicators.StatusNoData}
	if !b.q.Since.IsZero() {
		out.Previous = indicators.StatusNoData
	}
	for ii := range o.Indicators {
		row, err := b.indicator(&o.Indicators[ii])
		if err != nil {
			return nil, err
		}
		out.Indicators = append(out.Indicators, row)
		sum.Counts[row.Status]++
		if indicators.WorseStatus(row.Status, out.Status) {
			out.Status = row.Status
		}
		if row.Previous != "" && indicators.WorseStatus(row.Previous, out.Previous) {
			out.Previous = row.Previous
		}
		if row.Previous != "" && row.Previous != row.Status {
			sum.Changes = append(sum.Changes, Change{Objective: o.ID, Indicator: row.ID, From: row.Previous, To: row.Status})
		}
	}
	return out, nil
}

func (b *builder) indicator(ind *indicators.Indicator) (Indicator, error) {
	series, err := b.rd.SeriesOf(ind.ID)
	if err != nil {
		return Indicator{}, err
	}
	// A series deleted whole still speaks for the dates before its deletion.
	deleted, err := b.rd.DeletedSeriesOf(ind.ID)
	if err != nil {
		return Indicator{}, err
	}
	series = append(series, deleted...)
	d := b.defs[ind.ID]
	now, err := b.judge(d.at, series, b.q.At)
	if err != nil {
		return Indicator{}, err
	}
	row := Indicator{ID: ind.ID, Name: ind.Name, Unit: ind.Unit, Status: now.ev.Status, Actual: now.ev.Latest,
		Planned: nan(), Gap: now.ev.Gap, Confidence: now.ev.Confidence, Parts: now.parts, LastJudged: now.ev.LastJudged}
	if now.parts > 0 {
		row.Part, row.PartLabels = b.partName(now.labels), now.labels
	}
	row.Chart = b.trajectory(now)
	if err := b.actualSource(&row, now); err != nil {
		return Indicator{}, err
	}
	if k := now.ev.Target; k >= 0 {
		m := now.def.Milestones[k]
		row.Target = &m
		row.Planned = now.ev.PlannedNow
		if now.ev.Latest != nil {
			row.Planned = now.ev.PlannedAtLatest
		}
	}
	if p := now.ev.Pace; p != nil && p.Target < len(now.def.Milestones) {
		m := now.def.Milestones[p.Target]
		row.Pace, row.PaceTarget = p, &m
	}
	if !b.q.Since.IsZero() {
		before, err := b.judge(d.since, series, b.q.Since)
		if err != nil {
			return Indicator{}, err
		}
		row.Previous = before.ev.Status
	}
	return row, nil
}

// judge evaluates every series of an indicator at t and returns the one that
// speaks for it: the national series when it has known points, else the
// most worrying part.
func (b *builder) judge(def *indicators.Indicator, series []store.Series, t time.Time) (judged, error) {
	best := judged{ev: b.ev.Evaluate(def, nil, t), def: def}
	for _, s := range series {
		j, err := b.evaluate(def, s, t)
		if err != nil {
			return best, err
		}
		if !j.known {
			continue
		}
		if len(s.Labels) == 0 {
			return j, nil
		}
		j.parts = best.parts + 1
		if !best.known || indicators.WorsePart(j.ev, best.ev) {
			best = j
		}
		best.parts = j.parts
	}
	return best, nil
}

func (b *builder) evaluate(def *indicators.Indicator, s store.Series, t time.Time) (judged, error) {
	b.buf = b.buf[:0]
	err := b.rd.PointsAsOf(s.ID, t, func(p indicators.Point) error {
		b.buf = append(b.buf, p)
		return nil
	})
	if err != nil || len(b.buf) == 0 {
		return judged{}, err
	}
	if len(s.Labels) > 0 && def.Additive() {
		def = def.Breakdown()
	}
	j := judged{ev: b.ev.Evaluate(def, b.buf, t), def: def, labels: s.Labels, known: true, series: s.ID}
	b.keep(&j)
	return j, nil
}

// partName names a territorial part for people: "Lyon (69), Auvergne-Rhône-Alpes (84)".
func (b *builder) partName(ls indicators.Labels) string { return b.codes.PartName(ls) }
