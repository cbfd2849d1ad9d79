package wire

import "time"

// TargetEdit is the body of PUT /api/v1/indicators/{id}: the targets of
// the catalog contract. A field left out keeps its value; milestones, when
// given, replace the whole list.
type TargetEdit struct {
	Reason     string          `json:"reason"`
	Name       *string         `json:"name"`
	Baseline   *BaselineEdit   `json:"baseline"`
	Milestones []MilestoneEdit `json:"milestones"`
	Tolerance  *ToleranceEdit  `json:"tolerance"`
}

// BaselineEdit changes the baseline's value, its date (YYYY-MM-DD) or both.
type BaselineEdit struct {
	Value *float64 `json:"value"`
	Date  *string  `json:"date"`
}

// MilestoneEdit is one milestone of an edit; Value is null for a
// done/not-done milestone.
type MilestoneEdit struct {
	Value        *float64 `json:"value"`
	Deadline     string   `json:"deadline"`
	DeadlineText string   `json:"deadline_text"`
}

// ToleranceEdit changes the gaps, as fractions of the planned progress,
// past which a series is at risk or off track.
type ToleranceEdit struct {
	AtRisk   *float64 `json:"at_risk"`
	OffTrack *float64 `json:"off_track"`
}

// EditResult is the answer to an edit: the indicator as it now stands and
// its revision; Changed is false when the edit equalled it.
type EditResult struct {
	Indicator Indicator `json:"indicator"`
	Revision  int       `json:"revision"`
	Changed   bool      `json:"changed"`
}

// Revisions is the body of GET /api/v1/indicators/{id}/revisions: every
// stored definition of the indicator, oldest first.
type Revisions struct {
	Indicator string     `json:"indicator"`
	Revisions []Revision `json:"revisions"`
}

// Revision is one stored definition, with who stored it and why.
type Revision struct {
	Rev        int       `json:"rev"`
	Time       time.Time `json:"time"`
	Actor      string    `json:"actor"`
	Reason     string    `json:"reason"`
	Definition Indicator `json:"definition"`
}

// Deletion is the answer to DELETE /api/v1/indicators/{id}/series and
// …/points: what was removed, kept in the audit log with the reason.
type Deletion struct {
	Indicator string          `json:"indicator"`
	Reason    string          `json:"reason"`
	Points    int             `json:"points"`
	Series    []DeletedSeries `json:"series"`
}

// DeletedSeries is what a deletion removed from one series; Gone says
// that the series itself went.
type DeletedSeries struct {
	Labels map[string]string `json:"labels"`
	Gone   bool              `json:"series_deleted"`
	Points []StoredPoint     `json:"points"`
}
