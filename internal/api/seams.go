package api

import (
	"context"
	"io"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/report"
	"github.com/jalonhq/jalon/store"
)

// Store is what the API reads and changes in the store: series and their
// points, target revisions, deletions, backups.
type Store interface {
	View(fn func(r store.Reader) error) error
	SeriesOf(indicator string) ([]store.Series, error)
	Revisions(id string) ([]store.Revision, error)
	PutIndicator(def store.StoredIndicator, actor, reason string) (rev int, changed bool, err error)
	Delete(ctx context.Context, targets []store.Target, reason, actor string) ([]store.Removed, error)
	Backup(w io.Writer, size func(int64)) (int64, error)
}

// Evaluator is what the API asks of the evaluator: the catalog in force
// and the evaluations, which a target edit or a deletion changes.
type Evaluator interface {
	Catalog() *indicators.Catalog
	Current(ctx context.Context) *evaluator.Snapshot
	SetCatalog(c *indicators.Catalog)
	Touch(ms []indicators.Measurement)
}

// ReportWriter writes the report q asks for, rendered by r, over the
// catalog c in force: report.Write over the daemon's store.
type ReportWriter func(c *indicators.Catalog, q report.Query, r report.Renderer) error

// PullerRunner is what GET /api/v1/pullers and POST
// /api/v1/pullers/{name}/run need of the pullers.
type PullerRunner interface {
	States() []collector.State
	State(name string) (collector.State, bool)
	RunNow(ctx context.Context, name string) error
}

// AlertLister lists the alerts GET /api/v1/alerts reports.
type AlertLister interface {
	Alerts() []alerting.Alert
}
