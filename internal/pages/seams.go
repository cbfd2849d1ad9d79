package pages

import (
	"context"
	"net/http"

	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// Evaluator is what the pages read of the evaluator: the latest snapshot,
// and one that waits for the writes acknowledged before the request.
type Evaluator interface {
	Snapshot() *evaluator.Snapshot
	Current(ctx context.Context) *evaluator.Snapshot
}

// Store is what the pages read of the store: an indicator's points and
// sources, its target revisions, and the audit log's revised points.
type Store interface {
	View(fn func(r store.Reader) error) error
	Revisions(id string) ([]store.Revision, error)
	Audit(from uint64, limit int) ([]store.AuditEntry, error)
}

// Authorizer applies the read rule of the API to a page request: ok when
// it may read; otherwise authenticated says whether it carried a valid
// token (403, the scope is missing) or not (401).
type Authorizer interface {
	CanRead(r *http.Request) (ok, authenticated bool)
	// Challenge sets the WWW-Authenticate headers of a 401: a browser
	// offers its basic-auth dialog on a Basic challenge.
	Challenge(h http.Header)
}

// Login is the pages' OpenID Connect login, when configured: it serves
// GET /login?next=PATH and POST /logout, and names who is logged in.
type Login interface {
	User(r *http.Request) string // "" when nobody is
}
