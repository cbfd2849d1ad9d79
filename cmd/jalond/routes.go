package main

import (
	"net/http"
	"sync/atomic"

	"github.com/jalonhq/jalon/alerting"
	"github.com/jalonhq/jalon/collector"
	"github.com/jalonhq/jalon/server"
)

// routes is the daemon's route table: every path Jalon serves, in one place.
func routes(api *server.API, pullers *collector.Manager, alerts *alerting.Manager, ready *atomic.Bool) http.Handler {
	// A page on another site must not make a visitor's browser push or
	// change targets: the browser says where a request comes from
	// (Sec-Fetch-Site, Origin), and cross-origin writes are refused.
	// Tools that send neither, curl and jalonctl, are not concerned.
	cop := http.NewCrossOriginProtection()
	refused := api.Instrument("cross-origin", server.CrossOriginRefused())
	cop.SetDenyHandler(refused)
	// Reads that act or cost are refused to other sites' pages as well.
	guarded := func(h http.Handler) http.Handler { return server.CrossOriginGuarded(cop, refused, h) }
	mux := http.NewServeMux()
	handle := func(pattern, route string, h http.Handler) {
		mux.Handle(pattern, api.Instrument(route, h))
	}
	handle("GET /-/healthy", "/-/healthy", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("Jalon is Healthy.\n"))
	}))
	handle("GET /-/ready", "/-/ready", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("Jalon is not ready: loading the store and catalog.\n"))
			return
		}
		w.Write([]byte("Jalon is Ready.\n"))
	}))
	handle("GET /metrics", "/metrics", api.Metrics())
	handle("POST /api/v1/measurements", "/api/v1/measurements", api.Push())
	handle("GET /api/v1/objectives", "/api/v1/objectives", api.Objectives())
	handle("GET /api/v1/indicators/{id}", "/api/v1/indicators/{id}", api.Indicator())
	handle("PUT /api/v1/indicators/{id}", "/api/v1/indicators/{id}", api.PutIndicator())
	handle("GET /api/v1/indicators/{id}/revisions", "/api/v1/indicators/{id}/revisions", api.Revisions())
	handle("GET /api/v1/indicators/{id}/series", "/api/v1/indicators/{id}/series", api.Series())
	handle("GET /api/v1/indicators/{id}/plan", "/api/v1/indicators/{id}/plan", api.Plan())
	handle("GET /api/v1/report", "/api/v1/report", api.Report())
	handle("GET /api/v1/admin/backup", "/api/v1/admin/backup", guarded(api.Backup()))
	handle("GET /api/v1/pullers", "/api/v1/pullers", api.Pullers(pullers))
	handle("POST /api/v1/pullers/{name}/run", "/api/v1/pullers/{name}/run", api.RunPuller(pullers))
	handle("GET /api/v1/alerts", "/api/v1/alerts", api.Alerts(alerts))
	handle("GET /debug/pprof/", "/debug/pprof/", guarded(api.Profiles()))

	// The web pages are mounted on their own patterns rather than on "/",
	// so that a GET on a POST-only API path stays a 405.
	pages := api.Pages(server.PagesOptions{Pullers: server.PullerViews(pullers), Alerts: server.AlertViews(alerts)})
	for _, p := range server.PagePatterns() {
		mux.Handle("GET "+p, api.Instrument(p, pages))
	}
	return cop.Handler(mux)
}
