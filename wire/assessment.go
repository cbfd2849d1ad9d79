package wire

import "time"

// AssessmentInput is the body of POST /api/v1/objectives/{id}/assessments:
// what the owners say of the objective, or of one of its indicators.
// Author defaults to the token's name.
type AssessmentInput struct {
	Indicator string `json:"indicator,omitempty"`
	Rating    string `json:"rating"`
	Comment   string `json:"comment"`
	Actions   string `json:"actions,omitempty"`
	Author    string `json:"author,omitempty"`
}

// Assessment is an owners' assessment as recorded, with its author and
// time (UTC).
type Assessment struct {
	Objective string    `json:"objective"`
	Indicator string    `json:"indicator,omitempty"`
	Rating    string    `json:"rating"`
	Comment   string    `json:"comment"`
	Actions   string    `json:"actions,omitempty"`
	Author    string    `json:"author"`
	Time      time.Time `json:"time"`
}

// ReportAssessment is an objective's latest assessment in a report, beside
// the confidence its indicators give and whether the owners are two or
// more levels more optimistic.
type ReportAssessment struct {
	Assessment
	ComputedConfidence string `json:"computed_confidence"`
	Diverges           bool   `json:"diverges"`
}

// Assessments is the body of GET /api/v1/objectives/{id}/assessments: the
// whole history, oldest first, beside the confidence the figures give now
// and whether the latest assessment of the objective is two or more levels
// more optimistic than it.
type Assessments struct {
	Objective          string       `json:"objective"`
	ComputedConfidence string       `json:"computed_confidence"`
	Diverges           bool         `json:"diverges"`
	Assessments        []Assessment `json:"assessments"`
}
