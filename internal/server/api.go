// Package server is Jalon's HTTP surface: the push and query API, the
// /metrics exposition, health endpoints and the web pages.
package server

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/territory"
)

// Options configure an API. Zero values mean defaults.
type Options struct {
	Tokens []config.Token
	// MaxBodyBytes bounds a push request's body. Default 32 MiB.
	MaxBodyBytes int64
	// PushMemory bounds the memory that push requests being read, decoded
	// and checked hold at once, estimated at six bytes a body byte.
	// Default DefaultPushMemory.
	PushMemory int64
	// PushWait is how long a push waits for room in PushMemory before it
	// is refused with 503. Default DefaultPushWait.
	PushWait   time.Duration
	Now        func() time.Time
	Logger     *slog.Logger
	Registerer prometheus.Registerer
	// Gatherer provides Jalon's own metrics for /metrics.
	Gatherer prometheus.Gatherer
	// Pipeline checks and writes pushed measurements; nil builds one over
	// the store and evaluator, registered on Registerer.
	Pipeline *ingest.Pipeline
}

// API serves Jalon's HTTP endpoints. Its handler methods are mounted by the
// daemon's route table.
type API struct {
	opts     Options
	store    *store.Store
	eval     *evaluator.Evaluator
	auth     *authenticator
	pipeline *ingest.Pipeline
	logger   *slog.Logger
	metrics  *apiMetrics
	expo     *metricsHandler
	budget   *memoryBudget
	edits    sync.Mutex       // serialises target edits (PUT /api/v1/indicators/{id})
	codes    *territory.Codes // nil if the tables failed to load: codes are shown bare
}

// New returns an API over a store and an evaluator.
func New(st *store.Store, ev *evaluator.Evaluator, opts Options) (*API, error) {
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
	if opts.Gatherer == nil {
		opts.Gatherer = prometheus.NewRegistry()
	}
	if opts.Pipeline == nil {
		p, err := ingest.NewPipeline(st, ev.Catalog, opts.Registerer)
		if err != nil {
			return nil, err
		}
		p.OnWrite(ev.Touch)
		opts.Pipeline = p
	}
	codes, _ := territory.Load()
	return &API{
		opts: opts, store: st, eval: ev, pipeline: opts.Pipeline, codes: codes,
		auth:    newAuthenticator(opts.Tokens),
		logger:  opts.Logger,
		metrics: newAPIMetrics(opts.Registerer),
		budget:  newMemoryBudget(opts.PushMemory, opts.PushWait, opts.Registerer),
		expo:    &metricsHandler{gatherer: opts.Gatherer, snapshot: ev.Snapshot},
	}, nil
}

// OpenWrites reports whether no token is configured, so that writes are
// accepted from loopback clients only.
func (a *API) OpenWrites() bool { return a.auth.open() }

func (a *API) unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="jalon"`)
	writeError(w, http.StatusUnauthorized, "missing or unknown bearer token")
}

// Metrics serves /metrics.
func (a *API) Metrics() http.Handler { return a.expo }

// Push serves POST /api/v1/measurements.
func (a *API) Push() http.Handler { return http.HandlerFunc(a.handlePush) }
