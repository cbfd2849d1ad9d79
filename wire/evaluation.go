package wire

import "time"

// Objectives is the body of GET /api/v1/objectives: the catalog, in the
// shape of Catalog, with every indicator's current evaluation per label set.
type Objectives struct {
	EvaluatedAt string            `json:"evaluated_at"`
	Objectives  []ObjectiveStatus `json:"objectives"`
}

// ObjectiveStatus is an objective of the catalog, each indicator carrying
// its current evaluations.
type ObjectiveStatus struct {
	Objective
	Indicators []IndicatorStatus `json:"indicators"`
}

// IndicatorStatus is an indicator of the catalog with the evaluation of
// each of its series, those with fewer labels first.
type IndicatorStatus struct {
	Indicator
	Evaluations []Evaluation `json:"evaluations"`
	// WorstPart names, when no national series was measured, the
	// territorial part that speaks for the indicator: the one furthest
	// behind its plan, as pages and reports show it.
	WorstPart *Part `json:"worst_part,omitempty"`
}

// IndicatorDetail is the body of GET /api/v1/indicators/{id}.
type IndicatorDetail struct {
	Objective string `json:"objective"`
	IndicatorStatus
}

// Evaluation is one series' evaluation. Numbers that cannot be computed
// are null, never NaN; so is a number beyond float64, which values within
// the limits never give but a store written before those limits may hold:
// JSON has no infinity, and one would fail the whole answer.
type Evaluation struct {
	Labels          map[string]string `json:"labels"`
	Status          string            `json:"status"`
	Latest          *Point            `json:"latest"`
	PlannedNow      *float64          `json:"planned_now"`
	PlannedAtLatest *float64          `json:"planned_at_latest"`
	Gap             *float64          `json:"gap"`
	Target          *Target           `json:"target"`
	Progress        *float64          `json:"progress"`
	Forecast        *Forecast         `json:"forecast"`
	NoForecast      *NoForecast       `json:"no_forecast,omitempty"`
	Probability     *float64          `json:"probability"`
	Confidence      string            `json:"confidence"`
	Done            bool              `json:"done,omitempty"`
	// LastMissed and LastUnverified are the latest milestones passed short
	// of their target on evidence, and passed with no figure near them.
	LastMissed     *Target `json:"last_missed,omitempty"`
	LastUnverified *Target `json:"last_unverified,omitempty"`
	// LastJudged is, for a stale series, the status its latest figure had
	// against planned_at_latest.
	LastJudged  string    `json:"last_judged,omitempty"`
	EvaluatedAt time.Time `json:"evaluated_at"`
	// Pace is absent when no quantified target is ahead.
	Pace *Pace `json:"pace,omitempty"`
}

// Point is a measured value at its time; the value is null when beyond
// float64, as a trailing rate of values stored before the value limits
// may be.
type Point struct {
	Time  time.Time `json:"time"`
	Value *float64  `json:"value"`
	// Qualifier is at_least, at_most or about when the figure is one.
	Qualifier string `json:"qualifier,omitempty"`
}

// Target is a milestone of an indicator: Value is null for a
// done/not-done milestone; Deadline is YYYY-MM-DD.
type Target struct {
	Value        *float64 `json:"value"`
	Deadline     string   `json:"deadline"`
	DeadlineText string   `json:"deadline_text"`
}

// Forecast is where the trend leads by the current target's deadline (At,
// YYYY-MM-DD), with its likely range.
type Forecast struct {
	At    string   `json:"at"`
	Value *float64 `json:"value"`
	Low   *float64 `json:"low"`
	High  *float64 `json:"high"`
}

// NoForecast says why there is no forecast: a stable code and the reason
// in words.
type NoForecast struct {
	Reason string `json:"reason"`
	Text   string `json:"text"`
}

// Part is a territorial part of an indicator: its labels and its name for
// people.
type Part struct {
	Labels map[string]string `json:"labels"`
	Name   string            `json:"name"`
}
