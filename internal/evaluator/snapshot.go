// Package evaluator keeps Jalon's evaluated view of every series: it reads
// the store, runs the trajectory engine at a fixed interval and after writes,
// and publishes immutable snapshots that the HTTP API, the /metrics
// exposition and alerting read without touching the store.
package evaluator

import (
	"sort"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Series identifies one stored series.
type Series struct {
	ID        uint64
	Indicator string
	Objective string
	Labels    indicators.Labels
}

// Result is the evaluation of one series.
type Result struct {
	Series
	Eval indicators.Evaluation
}

// Snapshot is the whole evaluated state at one time. It is never modified
// once published; Generation grows with each new snapshot so that consumers
// can cache what they derive from it.
type Snapshot struct {
	Generation uint64
	At         time.Time
	Catalog    *indicators.Catalog
	// Results are ordered by indicator, then labels. Every indicator of the
	// catalog has at least one result: one with no labels and no data when
	// nothing was pushed for it yet.
	Results  []Result
	Duration time.Duration
	// Touched is how many Touch calls the results include.
	Touched uint64

	// superseded is closed when a newer snapshot is published.
	superseded chan struct{}
}

// Superseded returns a channel closed once a newer snapshot is published, so
// that a consumer can wait for the next one without polling. It is nil, and
// never ready, for a snapshot not published by an Evaluator.
func (s *Snapshot) Superseded() <-chan struct{} { return s.superseded }

// Of returns the results of one indicator, a sub-slice of Results.
func (s *Snapshot) Of(indicator string) []Result {
	lo := sort.Search(len(s.Results), func(i int) bool { return s.Results[i].Indicator >= indicator })
	hi := lo
	for hi < len(s.Results) && s.Results[hi].Indicator == indicator {
		hi++
	}
	return s.Results[lo:hi]
}
