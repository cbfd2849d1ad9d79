package wire

import (
	"math"

	"github.com/jalonhq/jalon/indicators"
)

// dateLayout is how dates are written: ISO 8601 YYYY-MM-DD.
const dateLayout = "2006-01-02"

// Catalog is the JSON view of a catalog.
type Catalog struct {
	Objectives []Objective `json:"objectives"`
}

// Objective is the JSON view of an objective. Axis is the axis' name and
// Priority its number.
type Objective struct {
	ID         string      `json:"id"`
	Axis       string      `json:"axis"`
	Priority   int         `json:"priority"`
	Title      string      `json:"title"`
	Owners     []string    `json:"owners"`
	TargetText string      `json:"target_text"`
	Indicators []Indicator `json:"indicators"`
}

// Indicator is the JSON view of an indicator.
type Indicator struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Kind       string      `json:"kind"`
	Unit       string      `json:"unit"`
	Direction  string      `json:"direction"`
	Baseline   Baseline    `json:"baseline"`
	Milestones []Milestone `json:"milestones"`
	Definition
}

// Baseline is the value an indicator starts from, at its date.
type Baseline struct {
	Value float64 `json:"value"`
	Date  string  `json:"date"`
}

// Milestone is a target; Value is null for a done/not-done milestone.
type Milestone struct {
	Value        *float64 `json:"value"`
	Deadline     string   `json:"deadline"`
	DeadlineText string   `json:"deadline_text"`
}

// FromCatalog returns the JSON view of c. Lists are never null.
func FromCatalog(c *indicators.Catalog) Catalog {
	out := Catalog{Objectives: make([]Objective, 0, len(c.Objectives))}
	for _, o := range c.Objectives {
		axis, _ := c.AxisOf(o.Axis)
		out.Objectives = append(out.Objectives, Objective{
			ID: o.ID, Axis: axis.Name, Priority: o.Priority, Title: o.Title,
			Owners: append([]string{}, o.Owners...), TargetText: o.TargetText,
			Indicators: fromIndicators(o.Indicators),
		})
	}
	return out
}

func fromIndicators(inds []indicators.Indicator) []Indicator {
	out := make([]Indicator, 0, len(inds))
	for _, ind := range inds {
		out = append(out, FromIndicator(ind))
	}
	return out
}

// FromIndicator returns the JSON view of one indicator.
func FromIndicator(ind indicators.Indicator) Indicator {
	out := Indicator{
		ID: ind.ID, Name: ind.Name, Kind: string(ind.Kind), Unit: ind.Unit, Direction: string(ind.Direction),
		Baseline:   Baseline{Value: ind.Baseline.Value, Date: ind.Baseline.Date.Format(dateLayout)},
		Milestones: make([]Milestone, 0, len(ind.Milestones)),
		Definition: definitionOf(ind),
	}
	for _, m := range ind.Milestones {
		ms := Milestone{Deadline: m.Deadline.Format(dateLayout), DeadlineText: m.DeadlineText}
		if m.Value != nil {
			v := *m.Value
			ms.Value = &v
		}
		out.Milestones = append(out.Milestones, ms)
	}
	return out
}

// Number is v for a JSON document: nil, written null, for NaN and the
// infinities, which JSON cannot hold (an unknown probability is NaN).
func Number(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
