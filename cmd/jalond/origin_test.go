package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestCrossOriginCostlyReads sends the GETs that act or cost (a CPU
// profile, a trace, a backup) as a browser would from another site's page:
// they are refused before they run, while jalond's own origin and tools
// that send no browser headers are served.
func TestCrossOriginCostlyReads(t *testing.T) {
	d := startDaemon(t, t.TempDir())
	crossSite := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
	tests := []struct {
		name, path string
		header     map[string]string
		want       int
	}{
		{"cross-site profile", "/debug/pprof/profile?seconds=1", crossSite, http.StatusForbidden},
		{"cross-site trace", "/debug/pprof/trace?seconds=1", crossSite, http.StatusForbidden},
		{"cross-site goroutine dump", "/debug/pprof/goroutine?debug=2", crossSite, http.StatusForbidden},
		{"cross-site backup", "/api/v1/admin/backup", crossSite, http.StatusForbidden},
		{"same-site backup", "/api/v1/admin/backup", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"old browser backup, foreign Origin", "/api/v1/admin/backup", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"same-origin trace", "/debug/pprof/trace?seconds=0.1", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": d.base}, http.StatusOK},
		{"curl profile", "/debug/pprof/profile?seconds=1", nil, http.StatusOK},
		{"cross-site objectives (a plain read)", "/api/v1/objectives", crossSite, http.StatusOK},
	}
	for _, tt := range tests {
		code, got, err := d.send("GET", tt.path, tt.header, "")
		if err != nil {
			t.Fatal(err)
		}
		if code != tt.want {
			t.Errorf("%s: GET %s = %d %.100q, want %d", tt.name, tt.path, code, got, tt.want)
		}
		if tt.want == http.StatusForbidden && !strings.Contains(string(got), `"error":"cross-origin request refused: a page on another site may not GET `) {
			t.Errorf("%s: body %.100q, want a JSON error saying why", tt.name, got)
		}
	}
	// A backup that ran says so in the log, even if its answer was lost.
	if strings.Contains(d.stderr.String(), "backup sent") {
		t.Errorf("a cross-site backup ran:\n%s", d.stderr)
	}
}
