package store

import (
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// StoredIndicator is an indicator definition as the catalog bucket keeps it:
// a copy of indicators.Indicator with its own JSON names, so that renaming a
// field of the domain type cannot silently change what old revisions mean.
// Durations are in nanoseconds, times in UTC.
type StoredIndicator struct {
	ID         string               `json:"id"`
	Objective  string               `json:"objective"`
	Name       string               `json:"name"`
	Kind       indicators.Kind      `json:"kind"`
	Unit       string               `json:"unit"`
	UnitLabel  string               `json:"unit_label,omitempty"`
	Direction  indicators.Direction `json:"direction"`
	Input      indicators.Input     `json:"input,omitempty"`
	Period     time.Duration        `json:"period_ns,omitempty"`
	Baseline   StoredAnchor         `json:"baseline"`
	Milestones []StoredMilestone    `json:"milestones,omitempty"`
	Shape      indicators.Shape     `json:"shape,omitempty"`
	Plan       []StoredAnchor       `json:"plan,omitempty"`
	AtRisk     float64              `json:"tolerance_at_risk"`
	OffTrack   float64              `json:"tolerance_off_track"`
	Cadence    time.Duration        `json:"cadence_ns,omitempty"`
	StaleAfter float64              `json:"stale_after,omitempty"`
	Dimensions []string             `json:"dimensions,omitempty"`
	Source     string               `json:"source,omitempty"`
	Notes      string               `json:"notes,omitempty"`
}

// StoredAnchor is a stored indicators.Anchor.
type StoredAnchor struct {
	Value float64   `json:"value"`
	Date  time.Time `json:"date"`
}

// StoredMilestone is a stored indicators.Milestone.
type StoredMilestone struct {
	Value        *float64  `json:"value,omitempty"`
	Deadline     time.Time `json:"deadline"`
	DeadlineText string    `json:"deadline_text,omitempty"`
}

// NewStoredIndicator copies ind into its stored form.
func NewStoredIndicator(ind indicators.Indicator) StoredIndicator {
	d := StoredIndicator{ID: ind.ID, Objective: ind.Objective, Name: ind.Name, Kind: ind.Kind,
		Unit: ind.Unit, UnitLabel: ind.UnitLabel, Direction: ind.Direction, Input: ind.Input,
		Period: ind.Period, Baseline: StoredAnchor(ind.Baseline), Shape: ind.Shape,
		AtRisk: ind.Tolerance.AtRisk, OffTrack: ind.Tolerance.OffTrack, Cadence: ind.Cadence,
		StaleAfter: ind.StaleAfter, Dimensions: slices.Clone(ind.Dimensions), Source: ind.Source, Notes: ind.Notes}
	for _, m := range ind.Milestones {
		d.Milestones = append(d.Milestones, StoredMilestone{Value: clonePtr(m.Value), Deadline: m.Deadline, DeadlineText: m.DeadlineText})
	}
	for _, a := range ind.Plan {
		d.Plan = append(d.Plan, StoredAnchor(a))
	}
	return d.normalized()
}

// Indicator returns the domain form of d.
func (d StoredIndicator) Indicator() indicators.Indicator {
	ind := indicators.Indicator{ID: d.ID, Objective: d.Objective, Name: d.Name, Kind: d.Kind,
		Unit: d.Unit, UnitLabel: d.UnitLabel, Direction: d.Direction, Input: d.Input,
		Period: d.Period, Baseline: indicators.Anchor(d.Baseline), Shape: d.Shape,
		Tolerance: indicators.Tolerance{AtRisk: d.AtRisk, OffTrack: d.OffTrack}, Cadence: d.Cadence,
		StaleAfter: d.StaleAfter, Dimensions: slices.Clone(d.Dimensions), Source: d.Source, Notes: d.Notes}
	for _, m := range d.Milestones {
		ind.Milestones = append(ind.Milestones, indicators.Milestone{Value: clonePtr(m.Value), Deadline: m.Deadline, DeadlineText: m.DeadlineText})
	}
	for _, a := range d.Plan {
		ind.Plan = append(ind.Plan, indicators.Anchor(a))
	}
	return ind
}

// normalized returns d with its times in UTC and its slices copied, so that
// equal definitions encode to equal bytes whatever their time zones.
func (d StoredIndicator) normalized() StoredIndicator {
	d.Baseline.Date = d.Baseline.Date.UTC()
	d.Milestones = slices.Clone(d.Milestones)
	for i := range d.Milestones {
		d.Milestones[i].Deadline = d.Milestones[i].Deadline.UTC()
	}
	d.Plan = slices.Clone(d.Plan)
	for i := range d.Plan {
		d.Plan[i].Date = d.Plan[i].Date.UTC()
	}
	return d
}

func clonePtr(v *float64) *float64 {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}
