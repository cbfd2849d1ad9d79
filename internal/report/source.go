package report

import (
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/store"
)

// Source is what a report reads (store.Store): each indicator's revisions,
// to judge with the targets in force at the date, and the points as known
// at that date, all in one consistent view.
type Source interface {
	Revisions(id string) ([]store.Revision, error)
	View(fn func(r store.Reader) error) error
	// The owners' assessments, kept in a state bucket.
	assessment.Store
}
