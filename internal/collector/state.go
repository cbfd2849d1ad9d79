package collector

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
)

// State is a puller's state. Its JSON tags are the format of the record
// kept in the store's collectors bucket, which must keep reading records
// written before; the API serves wire.Puller, converted from it.
type State struct {
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
	NotModified bool   `json:"not_modified"`
	Points      Points `json:"points"`
	// SkippedReasons says why the last run skipped rows or items as
	// invalid (skip_invalid_rows): the first maxSkippedShown of
	// Points.Invalid, each with its place, as the run would have failed
	// with it ("row 3, column \"taux\": \"abc\" is not a number").
	SkippedReasons []string `json:"skipped_reasons,omitempty"`
}

// Points counts what the last run did with the points it read.
type Points struct {
	New       int `json:"new"`
	Revised   int `json:"revised"`
	Unchanged int `json:"unchanged"`
	NoValue   int `json:"skipped_no_value"` // rows without a value: NS, empty, null
	Invalid   int `json:"skipped_invalid"`  // malformed rows skipped (skip_invalid_rows)
}

// The results of a run, as State.LastResult and a metric label.
const (
	resultSuccess = "success"
	resultFailure = "failure"
	resultSkipped = "skipped"
)

// record is what the store keeps of a puller between runs and restarts,
// as JSON under the puller's name in the collectors state bucket. Fields
// are only ever added, each with a zero value that reads as "none", so a
// record saved by an older version loads as it was.
type record struct {
	State      State      `json:"state"`
	Validators validators `json:"validators"`
	// Config is the hash of the configuration the validators and files
	// were read under: a changed mapping reads everything again.
	Config string            `json:"config,omitempty"`
	Files  map[string]string `json:"files,omitempty"` // file puller: path → size and time when read
}

func loadRecord(st StateStore, name string) (record, error) {
	var r record
	data, err := st.GetState(store.StateCollectors, name)
	if errors.Is(err, store.ErrNotFound) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return record{}, fmt.Errorf("read state of puller %s: %w", name, err)
	}
	return r, nil
}

func saveRecord(st StateStore, name string, r record) error {
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("save state of puller %s: %w", name, err)
	}
	return st.PutState(store.StateCollectors, name, data)
}

// configHash identifies a puller's configuration, its time zone included.
func configHash(p config.Puller) string {
	data, _ := json.Marshal(p) // plain data: cannot fail
	sum := sha256.Sum256(append(data, p.Timezone.String()...))
	return hex.EncodeToString(sum[:8])
}
