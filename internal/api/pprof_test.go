package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestProfileSeconds refuses profiles and traces longer than
// MaxProfileSeconds, and durations that are not numbers, before anything
// runs. Each request would otherwise run until its two-second context
// ends, then answer 200.
func TestProfileSeconds(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		path, want string
	}{
		{"/debug/pprof/profile?seconds=1000", "seconds=1000: profiles and traces last at most 60 seconds"},
		{"/debug/pprof/profile?seconds=61", "at most 60 seconds"},
		{"/debug/pprof/trace?seconds=60.5", "at most 60 seconds"},
		{"/debug/pprof/heap?seconds=3600", "at most 60 seconds"},
		{"/debug/pprof/profile?seconds=abc", `seconds=\"abc\": want a positive number of seconds, at most 60`},
		{"/debug/pprof/trace?seconds=-1", "want a positive number"},
		{"/debug/pprof/trace?seconds=NaN", "want a positive number"},
		{"/debug/pprof/profile?seconds=", "want a positive number"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		r := httptest.NewRequestWithContext(ctx, "GET", tt.path, nil)
		r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
		w := httptest.NewRecorder()
		h.api.Profiles().ServeHTTP(w, r)
		cancel()
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("GET %s = %d %.200q, want 400 with %q", tt.path, w.Code, w.Body, tt.want)
		}
	}
	r := httptest.NewRequest("GET", "/debug/pprof/trace?seconds=0.1", nil)
	r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
	w := httptest.NewRecorder()
	h.api.Profiles().ServeHTTP(w, r)
	if w.Code != http.StatusOK || w.Body.Len() == 0 {
		t.Errorf("GET /debug/pprof/trace?seconds=0.1 = %d with %d bytes, want 200 and a trace", w.Code, w.Body.Len())
	}
}
