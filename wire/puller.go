package wire

import "time"

// Pullers is the body of GET /api/v1/pullers: every puller, in
// configuration order.
type Pullers struct {
	Pullers []Puller `json:"pullers"`
}

// Puller is the state of one puller, and the body of
// POST /api/v1/pullers/{name}/run. Times that have not happened are left
// out.
type Puller struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Schedule string `json:"schedule"`
	Timezone string `json:"timezone"`
	// Target is the URL or path read, without credentials.
	Target string `json:"target"`
	// Indicator is the indicator of every point, "" when the data names it.
	Indicator string    `json:"indicator,omitempty"`
	Running   bool      `json:"running"`
	NextRun   time.Time `json:"next_run,omitzero"`
	// LastRun is when the last run that ended started; runs cancelled by
	// a shutdown are not recorded.
	LastRun             time.Time `json:"last_run,omitzero"`
	LastDuration        float64   `json:"last_duration_seconds"`
	LastResult          string    `json:"last_result,omitempty"` // "success" or "failure"
	LastSuccess         time.Time `json:"last_success,omitzero"`
	LastError           string    `json:"last_error,omitempty"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	// NotModified says that the last run found nothing new to read: a 304
	// answer, an unchanged file, no new file in a directory.
	NotModified bool         `json:"not_modified"`
	Points      PullerPoints `json:"points"`
	// SkippedReasons says why the last run skipped rows or items as
	// invalid (skip_invalid_rows): the first of Points.Invalid, each with
	// its place.
	SkippedReasons []string `json:"skipped_reasons,omitempty"`
}

// PullerPoints counts what the last run did with the points it read.
type PullerPoints struct {
	New       int `json:"new"`
	Revised   int `json:"revised"`
	Unchanged int `json:"unchanged"`
	NoValue   int `json:"skipped_no_value"` // rows without a value: NS, empty, null
	Invalid   int `json:"skipped_invalid"`  // malformed rows skipped (skip_invalid_rows)
}
