// Package api serves Jalon's JSON API: pushes, queries, target edits,
// deletions, reports, backups, pullers, alerts and profiles, with the
// bearer-token scopes each asks for.
package api

import (
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/territory"
)

// Options configure an API. Zero values mean defaults.
type Options struct {
	Tokens []config.Token
	// WebUsers give scopes to the basic-auth users Passwords checks.
	WebUsers  []config.WebUser
	Passwords Passwords // nil: no basic-auth user
	Sessions  Sessions  // nil: no login for the pages
	// MaxBodyBytes bounds a push request's body. Default 32 MiB.
	MaxBodyBytes int64
	// PushMemory bounds the memory that push requests being read, decoded
	// and checked hold at once, estimated at six bytes a body byte.
	// Default DefaultPushMemory.
	PushMemory int64
	// PushWait is how long a push waits for room in PushMemory before it
	// is refused with 503. Default DefaultPushWait.
	PushWait time.Duration
	// Language is the language of reports whose request names none; zero
	// means French, as the configuration's default.
	Language indicators.Lang
	// Timezone is the zone reports write times of day in and name, the
	// configuration's timezone; nil means UTC. JSON answers are UTC.
	Timezone   *time.Location
	Now        func() time.Time
	Logger     *slog.Logger
	Registerer prometheus.Registerer
	// Pipeline checks and writes pushed measurements. Required.
	Pipeline *ingest.Pipeline
	// Report writes the reports of GET /api/v1/report. Required.
	Report ReportWriter
}

// API serves Jalon's JSON endpoints. Its handler methods are mounted by the
// daemon's route table.
type API struct {
	opts     Options
	store    Store
	eval     Evaluator
	auth     *authenticator
	pipeline *ingest.Pipeline
	logger   *slog.Logger
	metrics  *apiMetrics
	budget   *memoryBudget
	edits    sync.Mutex       // serialises target edits (PUT /api/v1/indicators/{id})
	codes    *territory.Codes // nil if the tables failed to load: codes are shown bare
}

// New returns an API over a store and an evaluator.
func New(st Store, ev Evaluator, opts Options) (*API, error) {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 32 << 20
	}
	if opts.PushMemory <= 0 {
		opts.PushMemory = DefaultPushMemory
	}
	if opts.PushWait <= 0 {
		opts.PushWait = DefaultPushWait
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Pipeline == nil || opts.Report == nil {
		return nil, errors.New("new api: Options.Pipeline and Options.Report are required")
	}
	codes, _ := territory.Load()
	return &API{
		opts: opts, store: st, eval: ev, pipeline: opts.Pipeline, codes: codes,
		auth:    newAuthenticator(opts.Tokens, newCredentials(opts)),
		logger:  opts.Logger,
		metrics: newAPIMetrics(opts.Registerer),
		budget:  newMemoryBudget(opts.PushMemory, opts.PushWait, opts.Registerer),
	}, nil
}

// OpenWrites reports whether no token is configured, so that writes are
// accepted from loopback clients only.
func (a *API) OpenWrites() bool { return a.auth.open() }

func (a *API) unauthorized(w http.ResponseWriter) {
	a.Challenge(w.Header())
	if a.auth.people.passwords != nil {
		writeError(w, http.StatusUnauthorized, "missing or unknown bearer token or basic-auth user")
		return
	}
	writeError(w, http.StatusUnauthorized, "missing or unknown bearer token")
}

// Challenge sets the WWW-Authenticate headers of a 401: Bearer, and Basic
// when the web configuration file has users.
func (a *API) Challenge(h http.Header) {
	h.Set("WWW-Authenticate", `Bearer realm="jalon"`)
	if a.auth.people.passwords != nil {
		h.Add("WWW-Authenticate", `Basic realm="jalon"`)
	}
}

// Push serves POST /api/v1/measurements.
func (a *API) Push() http.Handler { return http.HandlerFunc(a.handlePush) }
