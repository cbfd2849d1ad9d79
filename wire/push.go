package wire

// Push is the JSON body of POST /api/v1/measurements: a batch written
// whole or not at all.
type Push struct {
	Measurements []Measurement `json:"measurements"`
}

// Measurement is one value pushed. Time is an RFC 3339 time or a
// YYYY-MM-DD date (midnight UTC).
type Measurement struct {
	Indicator string            `json:"indicator"`
	Labels    map[string]string `json:"labels,omitempty"`
	Time      string            `json:"time"`
	Value     float64           `json:"value"`
	Source    string            `json:"source,omitempty"`
}

// PushResult is the answer to an accepted push: how many points were new,
// revised (a new value at a time already stored) and unchanged.
type PushResult struct {
	New       int `json:"new"`
	Revised   int `json:"revised"`
	Unchanged int `json:"unchanged"`
}
