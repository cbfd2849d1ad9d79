package api

import (
	"fmt"
	"math"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
)

// MaxProfileSeconds bounds the duration of a CPU profile, an execution
// trace or a delta profile: without it, one request could keep the CPU
// profiler (of which a process has one) running for as long as it liked.
const MaxProfileSeconds = 60

// Profiles serves Go's runtime profiles under /debug/pprof/, as Prometheus
// does, so that an operator can see where a slow daemon spends its time.
// Unlike Prometheus they need the admin scope: a goroutine dump shows
// request contents.
func (a *API) Profiles() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireAdmin(w, r) {
			return
		}
		if msg := checkProfileSeconds(r); msg != "" {
			writeError(w, http.StatusBadRequest, msg)
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
			// allocs…) and the list of them for the bare path; with
			// seconds, a delta profile over that time.
			pprof.Index(w, r)
		}
	})
}

// checkProfileSeconds says what is wrong with a request's seconds
// parameter, if anything. net/http/pprof would take a value it cannot
// read for its default instead of saying so.
func checkProfileSeconds(r *http.Request) string {
	q := r.URL.Query()
	if !q.Has("seconds") {
		return ""
	}
	s := q.Get("seconds")
	sec, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(sec) || sec <= 0:
		return fmt.Sprintf("seconds=%q: want a positive number of seconds, at most %d", s, MaxProfileSeconds)
	case sec > MaxProfileSeconds:
		return fmt.Sprintf("seconds=%s: profiles and traces last at most %d seconds; take several shorter ones", s, MaxProfileSeconds)
	}
	return ""
}
