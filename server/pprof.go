package server

import (
	"net/http"
	"net/http/pprof"
	"strings"
)

// Profiles serves Go's runtime profiles under /debug/pprof/, as Prometheus
// does, so that an operator can see where a slow daemon spends its time.
// Unlike Prometheus they need the admin scope: a goroutine dump shows
// request contents.
func (a *API) Profiles() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireAdmin(w, r) {
			return
		}
		switch name := strings.TrimPrefix(r.URL.Path, "/debug/pprof/"); name {
		case "cmdline":
			pprof.Cmdline(w, r)
		case "profile":
			pprof.Profile(w, r)
		case "symbol":
			pprof.Symbol(w, r)
		case "trace":
			pprof.Trace(w, r)
		default:
			// Index serves the named runtime profiles (heap, goroutine,
			// allocs…) and the list of them for the bare path.
			pprof.Index(w, r)
		}
	})
}
