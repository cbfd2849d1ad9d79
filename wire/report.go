package wire

import "time"

// Report is the JSON form of GET /api/v1/report (format=json): the
// roadmap's status as it stood at a date, replayed from the points known
// then, and the moves since a previous date. The daemon streams it
// objective by objective.
type Report struct {
	ReportHeader
	Objectives []ReportObjective `json:"objectives"`
	Changes    []StatusChange    `json:"changes"`
	// Counts is the number of indicators in each status.
	Counts map[string]int `json:"counts"`
}

// ReportHeader says which catalog the report replays and at which dates;
// Since is null without a previous date.
type ReportHeader struct {
	Catalog string  `json:"catalog"`
	At      string  `json:"at"`
	Since   *string `json:"since"`
}

// ReportObjective is an objective's status at the report's date.
type ReportObjective struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Axis       string            `json:"axis"`
	Owners     []string          `json:"owners"`
	Status     string            `json:"status"`
	Previous   string            `json:"previous_status,omitempty"`
	Indicators []ReportIndicator `json:"indicators"`
	// Assessment is the owners' latest assessment known at the report's
	// date; absent without one.
	Assessment *ReportAssessment `json:"assessment,omitempty"`
}

// ReportIndicator is an indicator's headline figures at the report's
// date. Parts and Part say, when no national series was measured, how many
// territorial parts there were and which one speaks for the indicator.
type ReportIndicator struct {
	ID         string        `json:"id"`
	Name       string        `json:"name"`
	Unit       string        `json:"unit"`
	Status     string        `json:"status"`
	Previous   string        `json:"previous_status,omitempty"`
	Actual     *ReportActual `json:"actual"`
	Planned    *float64      `json:"planned"`
	Gap        *float64      `json:"gap"`
	Target     *Target       `json:"target"`
	Confidence string        `json:"confidence"`
	Parts      int           `json:"parts,omitempty"`
	Part       *Part         `json:"part,omitempty"`
	LastJudged string        `json:"last_judged,omitempty"`
	// Pace is absent when no quantified target is ahead.
	Pace *Pace `json:"pace,omitempty"`
}

// StatusChange is an indicator whose status moved between the two dates.
type StatusChange struct {
	Objective string `json:"objective"`
	Indicator string `json:"indicator"`
	From      string `json:"from"`
	To        string `json:"to"`
}

// ReportActual is the latest figure a report shows, with what its
// publication said of it; its value is null if beyond float64.
type ReportActual struct {
	Time  time.Time `json:"time"`
	Value *float64  `json:"value"`
	// Qualifier is at_least, at_most or about for a published bound or
	// approximation.
	Qualifier string `json:"qualifier,omitempty"`
	Source    string `json:"source,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
}
