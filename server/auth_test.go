package server

import (
	"net/http"
	"testing"

	"github.com/jalonhq/jalon/config"
)

func TestAuth(t *testing.T) {
	tokens := []config.Token{
		{Name: "cnam", Hash: config.HashToken("cnam-secret"), Scopes: []config.Scope{"write:mes_*"}},
		{Name: "grafana", Hash: config.HashToken("grafana-secret"), Scopes: []config.Scope{config.ScopeRead}},
		{Name: "ops", Hash: config.HashToken("ops-secret"), Scopes: []config.Scope{config.ScopeAdmin}},
	}
	mes := item(`{"indicator":"` + ind11 + `","time":"2024-01-31","value":1}`)
	other := item(`{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2024-01-31","value":1}`)
	bearer := func(s string) []string { return []string{"Authorization", "Bearer " + s} }
	tests := []struct {
		name         string
		method, path string
		body         string
		header       []string
		code         int
	}{
		{"push without token", "POST", "/api/v1/measurements", mes, nil, 401},
		{"push with unknown token", "POST", "/api/v1/measurements", mes, bearer("guess"), 401},
		{"push with basic auth", "POST", "/api/v1/measurements", mes, []string{"Authorization", "Basic Y25hbTpjbmFtLXNlY3JldA=="}, 401},
		{"push with read token", "POST", "/api/v1/measurements", mes, bearer("grafana-secret"), 403},
		{"push in scope", "POST", "/api/v1/measurements", mes, bearer("cnam-secret"), 200},
		{"push out of scope", "POST", "/api/v1/measurements", other, bearer("cnam-secret"), 403},
		{"push as admin", "POST", "/api/v1/measurements", other, bearer("ops-secret"), 200},
		{"read without token", "GET", "/api/v1/indicators/" + ind11, "", nil, 401},
		{"read with read token", "GET", "/api/v1/indicators/" + ind11, "", bearer("grafana-secret"), 200},
		{"read with write token", "GET", "/api/v1/indicators/" + ind11, "", bearer("cnam-secret"), 403},
		{"backup with read token", "GET", "/api/v1/admin/backup", "", bearer("grafana-secret"), 403},
		{"backup as admin", "GET", "/api/v1/admin/backup", "", bearer("ops-secret"), 200},
		{"metrics are open", "GET", "/metrics", "", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tokens...)
			before := h.points(t)
			ct := ""
			if tt.method == "POST" {
				ct = "application/json"
			}
			w := h.do(t, tt.method, tt.path, ct, tt.body, tt.header...)
			if w.Code != tt.code {
				t.Fatalf("%s %s = %d %s, want %d", tt.method, tt.path, w.Code, w.Body, tt.code)
			}
			if w.Code == 401 && w.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
			if tt.method == "POST" && w.Code != 200 && h.points(t) != before {
				t.Errorf("a refused push wrote points")
			}
		})
	}
}

// TestOpenWrites checks the behaviour without tokens: reads from anywhere,
// writes from loopback only.
func TestOpenWrites(t *testing.T) {
	h := newHarness(t)
	mes := item(`{"indicator":"` + ind11 + `","time":"2024-01-31","value":1}`)
	if w := h.push(t, mes, "RemoteAddr", "192.0.2.10:5000"); w.Code != http.StatusForbidden {
		t.Errorf("push from a remote address = %d, want 403", w.Code)
	}
	if w := h.push(t, mes, "RemoteAddr", "[::1]:5000"); w.Code != http.StatusOK {
		t.Errorf("push from ::1 = %d %s, want 200", w.Code, w.Body)
	}
	if w := h.do(t, "GET", "/api/v1/objectives", "", "", "RemoteAddr", "192.0.2.10:5000"); w.Code != http.StatusOK {
		t.Errorf("read from a remote address = %d, want 200", w.Code)
	}
	if w := h.do(t, "GET", "/api/v1/admin/backup", "", "", "RemoteAddr", "192.0.2.10:5000"); w.Code != http.StatusForbidden {
		t.Errorf("backup from a remote address = %d, want 403", w.Code)
	}
}
