package wire

import "time"

// Series is the body of GET /api/v1/indicators/{id}/series: the stored
// history of an indicator's series, the latest revision of each point.
// The daemon streams it; a client may read it as a whole or token by token.
type Series struct {
	Indicator string         `json:"indicator"`
	Series    []SeriesPoints `json:"series"`
}

// SeriesPoints is one series of an indicator and its points, oldest first.
type SeriesPoints struct {
	Labels map[string]string `json:"labels"`
	Points []StoredPoint     `json:"points"`
}

// StoredPoint is a stored value with where it came from, as the series
// route and a deletion's answer give it.
type StoredPoint struct {
	// Start begins the period a count covers, when the figure was
	// published for a period of its own (time ends it).
	Start *time.Time `json:"start,omitempty"`
	Time  time.Time  `json:"time"`
	Value float64    `json:"value"`
	// Qualifier is at_least, at_most or about, as published.
	Qualifier string `json:"qualifier,omitempty"`
	Source    string `json:"source,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
}
