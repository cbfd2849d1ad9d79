package wire

import "time"

// Plan is the body of GET /api/v1/indicators/{id}/plan. Every list is an
// array of flat rows, never null, so that Grafana's Infinity data source
// can read each one with a root selector.
type Plan struct {
	Indicator   string            `json:"indicator"`
	Objective   string            `json:"objective"`
	Unit        string            `json:"unit"`
	Labels      map[string]string `json:"labels"`
	Status      string            `json:"status"`
	Confidence  string            `json:"confidence"`
	Probability *float64          `json:"probability"`
	StepSeconds float64           `json:"step_seconds"`
	Planned     []PlanRow         `json:"planned"`
	Forecast    []ForecastRow     `json:"forecast"`
	Milestones  []MilestoneRow    `json:"milestones"`
	Annotations []AnnotationRow   `json:"annotations"`
}

// PlanRow is the planned value at a time.
type PlanRow struct {
	Time  time.Time `json:"time"`
	Value float64   `json:"value"`
}

// ForecastRow is the forecast value at a time, with its likely range.
type ForecastRow struct {
	Time  time.Time `json:"time"`
	Value float64   `json:"value"`
	Low   float64   `json:"low"`
	High  float64   `json:"high"`
}

// MilestoneRow is one target of the indicator. Time is the deadline as a
// timestamp, for panels that need a time column.
type MilestoneRow struct {
	Time         time.Time `json:"time"`
	Value        float64   `json:"value"`
	Quantified   bool      `json:"quantified"`
	Deadline     string    `json:"deadline"`
	DeadlineText string    `json:"deadline_text"`
}

// AnnotationRow is a milestone in the fields Grafana maps to an annotation.
type AnnotationRow struct {
	Time  time.Time `json:"time"`
	Title string    `json:"title"`
	Text  string    `json:"text"`
	Tags  string    `json:"tags"` // comma-separated: Grafana splits a text field of tags on commas
}
