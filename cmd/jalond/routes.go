package main

import (
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/pages"
)

// scope is what a route asks of its caller with tokens configured: the
// handlers enforce it, the route table states it, and TestRouteScopes
// checks every route of the table against what it states.
type scope int

const (
	public     scope = iota // health, readiness, /metrics, the stylesheet
	readScope               // the read scope (or admin)
	writeScope              // a write scope for the indicators pushed (or admin)
	adminScope
	assessScope // an assess scope matching the objective (or admin)
)

// route is one entry of the route table.
type route struct {
	pattern string // method and path, as http.ServeMux takes them
	scope   scope
	handler http.Handler
}

// surfaces are the handlers the route table mounts, and what the API
// serves of the pullers and alerts.
type surfaces struct {
	api     *api.API
	metrics http.Handler
	pages   http.Handler
	pullers api.PullerRunner
	alerts  api.AlertLister
	login   []route // the pages' login, when configured
	// assessments keeps the owners' assessments.
	assessments api.AssessmentBook
	// inSync says why the store's local copy lags the shared record, nil
	// for a store that is the record.
	inSync func() error
}

// routeTable lists every path Jalon serves, with the scope each needs.
func routeTable(h surfaces, ready *atomic.Bool, guarded func(http.Handler) http.Handler) []route {
	api, pullers, alerts := h.api, h.pullers, h.alerts
	table := []route{
		{"GET /-/healthy", public, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte("Jalon is Healthy.\n"))
		})},
		{"GET /-/ready", public, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if !ready.Load() {
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte("Jalon is not ready: loading the store and catalog.\n"))
				return
			}
			if h.inSync != nil {
				if err := h.inSync(); err != nil {
					w.WriteHeader(http.StatusServiceUnavailable)
					w.Write([]byte("Jalon is not ready: not in sync with the shared record: " + err.Error() + "\n"))
					return
				}
			}
			w.Write([]byte("Jalon is Ready.\n"))
		})},
		{"GET /metrics", public, h.metrics},
		{"POST /api/v1/measurements", writeScope, api.Push()},
		{"GET /api/v1/objectives", readScope, api.Objectives()},
		{"GET /api/v1/indicators/{id}", readScope, api.Indicator()},
		{"PUT /api/v1/indicators/{id}", adminScope, api.PutIndicator()},
		{"GET /api/v1/indicators/{id}/revisions", readScope, api.Revisions()},
		{"GET /api/v1/indicators/{id}/series", readScope, api.Series()},
		{"DELETE /api/v1/indicators/{id}/series", adminScope, api.DeleteSeries()},
		{"DELETE /api/v1/indicators/{id}/points", adminScope, api.DeletePoint()},
		{"GET /api/v1/indicators/{id}/plan", readScope, api.Plan()},
		{"GET /api/v1/report", readScope, api.Report()},
		{"GET /api/v1/admin/backup", adminScope, guarded(api.Backup())},
		{"GET /api/v1/pullers", readScope, api.Pullers(pullers)},
		{"POST /api/v1/pullers/{name}/run", adminScope, api.RunPuller(pullers)},
		{"GET /api/v1/alerts", readScope, api.Alerts(alerts)},
		{"POST /api/v1/objectives/{id}/assessments", assessScope, api.Assess(h.assessments)},
		{"GET /api/v1/objectives/{id}/assessments", readScope, api.Assessments(h.assessments)},
		{"GET /debug/pprof/", adminScope, guarded(api.Profiles())},
	}
	// The web pages are mounted on their own patterns rather than on "/",
	// so that a GET on a POST-only API path stays a 405.
	for _, p := range pages.Patterns() {
		s := readScope
		if p == "/static/" {
			s = public // the stylesheet of the login-less error pages too
		}
		table = append(table, route{"GET " + p, s, h.pages})
	}
	table = append(table, route{pages.AssessPattern, assessScope, h.pages})
	return append(table, h.login...)
}

// routes serves the route table, each route instrumented under its path.
func routes(h surfaces, ready *atomic.Bool) (http.Handler, []route) {
	// A page on another site must not make a visitor's browser push or
	// change targets: the browser says where a request comes from
	// (Sec-Fetch-Site, Origin), and cross-origin writes are refused.
	// Tools that send neither, curl and jalonctl, are not concerned.
	cop := http.NewCrossOriginProtection()
	refused := h.api.Instrument("cross-origin", api.CrossOriginRefused())
	cop.SetDenyHandler(refused)
	// Reads that act or cost are refused to other sites' pages as well.
	guarded := func(h http.Handler) http.Handler { return api.CrossOriginGuarded(cop, refused, h) }
	table := routeTable(h, ready, guarded)
	mux := http.NewServeMux()
	for _, r := range table {
		_, path, _ := strings.Cut(r.pattern, " ")
		mux.Handle(r.pattern, h.api.Instrument(path, r.handler))
	}
	return cop.Handler(mux), table
}
