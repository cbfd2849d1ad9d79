// Package report owns the steering-committee report: the roadmap's status as
// it stood at a date, replayed from the points the store knew by then, with
// the status moves since a previous date, rendered as JSON, Markdown, HTML
// or CSV. It reads the store series by series and writes each objective as
// soon as it is evaluated, so its memory grows with the largest series, not
// with the store.
package report

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/territory"
)

// Query says which report to make.
type Query struct {
	// At is the time the report replays: the points stored by then, with
	// the values in force then, judged against the targets in force then.
	At time.Time
	// Since, when not zero, is the previous date to compare with.
	Since time.Time
}

// Objective is one line of the report.
type Objective struct {
	ID, Title, Axis string
	Owners          []string
	// Status is the worst status of the objective's indicators; Previous is
	// the same at Query.Since ("" without Since).
	Status, Previous indicators.Status
	Indicators       []Indicator
	// Assessment is the owners' latest assessment of the objective known
	// at Query.At, nil without one; Computed is the least confident of
	// the indicators' confidences, and Diverges says the owners are two or
	// more levels more optimistic than it.
	Assessment *assessment.Assessment
	Computed   indicators.Confidence
	Diverges   bool
}

// Indicator is how one indicator stood: its national series, or, with only
// territorial parts measured, the most worrying part.
type Indicator struct {
	ID, Name, Unit   string
	Status, Previous indicators.Status
	Actual           *indicators.Point // latest actual known, nil with no data
	// ActualSource and ActualSourceURL are the source and published page
	// of the latest figure behind Actual, "" when not given.
	ActualSource, ActualSourceURL string
	// Planned is the plan at the actual's date (at Query.At with no
	// actual), NaN without targets.
	Planned    float64
	Gap        float64 // NaN when it cannot be computed
	Target     *indicators.Milestone
	Confidence indicators.Confidence
	Parts      int // territorial parts the status is the worst of; 0 for a national series
	// Part names the territorial part shown when Parts > 0, for people
	// ("Hauts-de-France (32)"); PartLabels are its labels.
	Part       string
	PartLabels indicators.Labels
	// Chart is the trajectory to draw, set only for a renderer that draws
	// charts (PDF).
	Chart *Trajectory
	// LastJudged is, for a stale indicator, the status its latest actual had
	// against Planned: staleness hides the trajectory, not the last
	// judgement.
	LastJudged indicators.Status
	// Pace is the pace towards PaceTarget, the first milestone ahead; nil
	// without a quantified target ahead.
	Pace       *indicators.Pace
	PaceTarget *indicators.Milestone
}

// Change is a status move of an indicator between Query.Since and Query.At.
type Change struct {
	Objective, Indicator string
	From, To             indicators.Status
}

// Summary closes a report.
type Summary struct {
	Changes []Change
	Counts  map[indicators.Status]int // indicators by status at Query.At
}

// Header opens a report.
type Header struct {
	Catalog string
	Query   Query
}

// Renderer writes a report as it is built: Begin once, Objective for each
// objective in catalog order, End once.
type Renderer interface {
	Begin(h Header) error
	Objective(o *Objective) error
	End(s Summary) error
}

// Write builds the report q of catalog c from st and hands it to r. The
// catalog gives the objectives and their order; each indicator is judged
// with its definition in force at the date (the store's catalog revisions),
// or with c's when the store has none that old.
func Write(st Source, c *indicators.Catalog, q Query, r Renderer) error {
	if q.At.IsZero() {
		return errors.New("report: no date")
	}
	if !q.Since.IsZero() && !q.Since.Before(q.At) {
		return fmt.Errorf("report: since %s is not before %s", Stamp(q.Since), Stamp(q.At))
	}
	defs, err := definitions(st, c, q)
	if err != nil {
		return err
	}
	codes, err := territory.Load()
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	assessed, err := assessmentsAt(st, q.At)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := r.Begin(Header{Catalog: c.Name, Query: q}); err != nil {
		return err
	}
	sum := Summary{Counts: map[indicators.Status]int{}}
	err = st.View(func(rd store.Reader) error {
		_, charts := r.(charting)
		b := builder{rd: rd, q: q, defs: defs, codes: codes, charts: charts}
		for oi := range c.Objectives {
			o, err := b.objective(c, &c.Objectives[oi], &sum)
			if err != nil {
				return err
			}
			o.assess(assessed)
			if err := r.Objective(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("report at %s: %w", Stamp(q.At), err)
	}
	return r.End(sum)
}

// Stamp writes a report time: the date alone for the end of a UTC day, as a
// plain date in a query means.
func Stamp(t time.Time) string {
	t = t.UTC()
	if end := t.Add(time.Nanosecond); end.Hour() == 0 && end.Minute() == 0 && end.Second() == 0 && end.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// EndOfDay returns the last instant of t's UTC day: a report "at 2025-03-31"
// includes what arrived during that day.
func EndOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
}

func nan() float64 { return math.NaN() }
