package report

import (
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/wire"
)

// assessmentsAt returns the latest assessment of each objective recorded
// by at: a report replays what the owners had said by its date, as it
// replays the figures.
func assessmentsAt(st assessment.Store, at time.Time) (map[assessment.Key]assessment.Assessment, error) {
	all, err := assessment.NewBook(st).History("")
	if err != nil {
		return nil, err
	}
	known := all[:0]
	for _, a := range all {
		if !a.Time.After(at) {
			known = append(known, a)
		}
	}
	return assessment.LatestOf(known), nil
}

// assess sets the objective's assessment among latest and its divergence
// from the indicators' confidences.
func (o *Objective) assess(latest map[assessment.Key]assessment.Assessment) {
	cs := make([]indicators.Confidence, len(o.Indicators))
	for i := range o.Indicators {
		cs[i] = o.Indicators[i].Confidence
	}
	o.Computed = assessment.Least(cs...)
	if a, ok := latest[assessment.Key{Objective: o.ID}]; ok {
		o.Assessment = &a
		o.Diverges = assessment.Diverges(a.Rating, o.Computed)
	}
}

// Assessment is the owners' assessment in words: "Owners' assessment
// (Mme Durand, 2026-11-30): green — comment. Actions: …", with the
// divergence flag; "" without an assessment.
func (w *words) Assessment(o *Objective) string {
	a := o.Assessment
	if a == nil {
		return ""
	}
	s := w.F("Owners' assessment (%s, %s): %s — %s", a.Author, w.Day(a.Time), w.Confidence(a.Rating), a.Comment)
	if a.Actions != "" {
		s += " " + w.F("Actions decided: %s", a.Actions)
	}
	if o.Diverges {
		s += " " + w.F("DIVERGENCE: the owners are two or more levels more optimistic than the figures (%s).", w.Confidence(o.Computed))
	}
	return s
}

// assessmentOf is the JSON form of the objective's assessment.
func assessmentOf(o *Objective) *wire.ReportAssessment {
	a := o.Assessment
	if a == nil {
		return nil
	}
	return &wire.ReportAssessment{Assessment: wire.Assessment{Objective: a.Objective, Rating: string(a.Rating),
		Comment: a.Comment, Actions: a.Actions, Author: a.Author, Time: a.Time.UTC()},
		ComputedConfidence: string(o.Computed), Diverges: o.Diverges}
}
