// Package indicators owns Jalon's domain model: the catalog of objectives and
// their indicators, measurements, and the trajectory engine that evaluates a
// measured series against its targets. It is pure: it reads no clock, does no
// I/O and imports no other package of Jalon.
package indicators

import (
	"fmt"
	"time"
)

// Kind says what an indicator's values measure.
type Kind string

// The kinds an indicator may have.
const (
	// KindLevel is a stock read at a point in time: users, a percentage, a count.
	KindLevel Kind = "level"
	// KindRate is a flow per period (documents per year), pushed either as
	// ready-made rates or as period counts from which a trailing rate is built.
	KindRate Kind = "rate"
	// KindMilestone is a dated launch or publication: done or not done, with an
	// optional progress ratio in [0, 1] (1 means done).
	KindMilestone Kind = "milestone"
)

// Direction says which way an indicator must move to meet its targets.
type Direction string

// The directions an indicator may have.
const (
	Increase Direction = "increase"
	Decrease Direction = "decrease"
)

// Shape is how the planned value moves from one anchor to the next.
type Shape string

// The trajectory shapes.
const (
	ShapeLinear Shape = "linear"
	// ShapeSCurve is logistic adoption: slow start, fast middle, slow end.
	ShapeSCurve Shape = "s-curve"
	// ShapeStep keeps the previous anchor's value until the next deadline.
	ShapeStep Shape = "step"
	// ShapePlan interpolates linearly between explicit dated plan points.
	ShapePlan Shape = "plan"
)

// Input says how a rate indicator's measurements are to be read.
type Input string

// The inputs of a rate indicator.
const (
	// InputRate means each value is already a rate per year.
	InputRate Input = "rate"
	// InputCount means each value is the count of one period ending at the
	// point's time; the rate is the trailing sum over RatePeriod.
	InputCount Input = "count"
)

// Units are the measurement units the catalog may use. Validation refuses any
// other, so that exposition and alert texts can format every value.
var Units = map[string]string{
	"count":    "a number of things (users, documents, establishments)",
	"percent":  "a percentage in [0, 100]",
	"ratio":    "a share in [0, 1]",
	"per_year": "a rate per year",
	"months":   "a duration or delay in months",
	"days":     "a duration or delay in days",
	"euros":    "an amount in euros",
	"done":     "milestone progress in [0, 1], 1 meaning done",
}

// Catalog is a set of objectives loaded from one or more catalog files.
type Catalog struct {
	Name       string
	Axes       []Axis
	Priorities []Priority
	Objectives []Objective
}

// Axis is one of the roadmap's top-level themes.
type Axis struct {
	ID    int
	Name  string
	Title string
}

// Priority groups objectives within an axis.
type Priority struct {
	ID    int
	Axis  int
	Title string
}

// Objective is one numbered objective of a roadmap ("1-1").
type Objective struct {
	ID         string
	Axis       int
	Priority   int
	Title      string
	Owners     []string // main owner first
	TargetText string   // the roadmap's own sentence, in French
	Indicators []Indicator
}

// Indicator is one measurable target series of an objective.
type Indicator struct {
	ID        string // snake_case, unique across the catalog
	Objective string // ID of the owning objective
	Name      string
	Kind      Kind
	Unit      string // a key of Units
	UnitLabel string // what is counted, for display ("documents")
	Direction Direction
	Input     Input         // rate indicators only
	Period    time.Duration // rate indicators: length of one count period (InputCount)
	Baseline  Anchor
	// Milestones are in deadline order. A milestone of a KindMilestone
	// indicator has no value (Value is nil): it is done or not by its deadline.
	Milestones []Milestone
	Shape      Shape
	Plan       []Anchor // explicit planned points, ShapePlan only
	Tolerance  Tolerance
	// Cadence is the expected time between two measurements; a series with no
	// point within StaleAfter × Cadence of now is stale.
	Cadence    time.Duration
	StaleAfter float64
	Dimensions []string // label names a measurement may carry
	Source     string   // where the figures are published, free text
	Notes      string   // how the text was read, free text
}

// Anchor is a dated value: a baseline or an explicit plan point.
type Anchor struct {
	Value float64
	Date  time.Time
}

// Milestone is a target value to reach by a deadline.
type Milestone struct {
	Value        *float64 // nil for a done/not-done milestone
	Deadline     time.Time
	DeadlineText string // the text's own words: "fin 2023", "courant 2024"
}

// Tolerance sets how far behind plan a series may be before it is at risk or
// off track, as a share of the planned change between the current anchors.
type Tolerance struct {
	AtRisk   float64
	OffTrack float64
}

// DefaultTolerance applies where neither the indicator nor its catalog set one.
var DefaultTolerance = Tolerance{AtRisk: 0.05, OffTrack: 0.15}

// DefaultStaleAfter is the multiple of the cadence after which a series is stale.
const DefaultStaleAfter = 2.0

// Quantified reports whether the milestone sets a number.
func (m Milestone) Quantified() bool { return m.Value != nil }

// Indicator returns the indicator with the given id and its objective.
func (c *Catalog) Indicator(id string) (*Indicator, *Objective, bool) {
	for oi := range c.Objectives {
		o := &c.Objectives[oi]
		for ii := range o.Indicators {
			if o.Indicators[ii].ID == id {
				return &o.Indicators[ii], o, true
			}
		}
	}
	return nil, nil, false
}

// IndicatorsByID returns every indicator of the catalog by id, for callers
// that look many up: Indicator scans the catalog. The pointers are into c.
func (c *Catalog) IndicatorsByID() map[string]*Indicator {
	out := make(map[string]*Indicator)
	for oi := range c.Objectives {
		o := &c.Objectives[oi]
		for ii := range o.Indicators {
			out[o.Indicators[ii].ID] = &o.Indicators[ii]
		}
	}
	return out
}

// Objective returns the objective with the given id.
func (c *Catalog) Objective(id string) (*Objective, bool) {
	for i := range c.Objectives {
		if c.Objectives[i].ID == id {
			return &c.Objectives[i], true
		}
	}
	return nil, false
}

// AxisOf returns the axis with the given id.
func (c *Catalog) AxisOf(id int) (Axis, bool) {
	for _, a := range c.Axes {
		if a.ID == id {
			return a, true
		}
	}
	return Axis{}, false
}

// Counts summarises a catalog for `jalonctl catalog check`.
type Counts struct {
	Axes, Priorities, Objectives, Indicators, QuantifiedTargets, Milestones int
}

// Count returns the catalog's counts.
func (c *Catalog) Count() Counts {
	n := Counts{Axes: len(c.Axes), Priorities: len(c.Priorities), Objectives: len(c.Objectives)}
	for _, o := range c.Objectives {
		n.Indicators += len(o.Indicators)
		for _, ind := range o.Indicators {
			for _, m := range ind.Milestones {
				if m.Quantified() {
					n.QuantifiedTargets++
				} else {
					n.Milestones++
				}
			}
		}
	}
	return n
}

func (n Counts) String() string {
	return fmt.Sprintf("%d axes, %d priorities, %d objectives, %d indicators, %d quantified targets, %d dated milestones",
		n.Axes, n.Priorities, n.Objectives, n.Indicators, n.QuantifiedTargets, n.Milestones)
}

// Additive reports whether values of the indicator's unit add up across
// territories (counts, rates, amounts), as opposed to shares and delays.
// The roadmap sets national targets: a regional series of an additive
// indicator is a part of the national figure and cannot be judged against
// the national target, whereas a regional share can be judged against a
// national share.
func (ind *Indicator) Additive() bool { return Unit{Name: ind.Unit}.Additive() }

// Breakdown returns the indicator as it applies to one territorial part of
// an additive indicator: the same definition without targets, so that the
// part is tracked (latest value, staleness) but never judged against the
// national target.
func (ind *Indicator) Breakdown() *Indicator {
	b := *ind
	b.Milestones = nil
	b.Plan = nil
	return &b
}
