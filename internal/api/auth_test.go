package api

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/config"
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
		{"scheme in lower case", "GET", "/api/v1/indicators/" + ind11, "", []string{"Authorization", "bearer grafana-secret"}, 200},
		{"scheme without its space", "GET", "/api/v1/indicators/" + ind11, "", []string{"Authorization", "Bearergrafana-secret"}, 401},
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

// TestOpenWritesNameThisMachine checks, without tokens, that a loopback
// client gets loopback's trust only if it names this machine: a page on
// another site reaching jalond by DNS rebinding names its own domain.
func TestOpenWritesNameThisMachine(t *testing.T) {
	h := newHarness(t)
	hostname, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		host string
		want int
	}{
		{"localhost:9721", http.StatusOK},
		{"LOCALHOST", http.StatusOK},
		{"jalon.localhost:9721", http.StatusOK},
		{"127.0.0.1:9721", http.StatusOK},
		{"[::1]:9721", http.StatusOK},
		{"192.0.2.7:9721", http.StatusOK}, // an address cannot be rebound
		{hostname + ":9721", http.StatusOK},
		{"rebind.example.org:9721", http.StatusForbidden},
		{"localhost.example.org", http.StatusForbidden},
	}
	for i, tt := range tests {
		mes := item(fmt.Sprintf(`{"indicator":"%s","time":"2024-01-31","value":%d}`, ind11, i+1))
		w := h.push(t, mes, "Host", tt.host)
		if w.Code != tt.want {
			t.Errorf("push from loopback with Host %q = %d %s, want %d", tt.host, w.Code, w.Body, tt.want)
		}
		if tt.want == http.StatusForbidden && !strings.Contains(w.Body.String(), `not \"`+tt.host+`\"`) {
			t.Errorf("push with Host %q refused with %s, want the reason naming the host", tt.host, w.Body)
		}
		if w := h.do(t, "GET", "/api/v1/admin/backup", "", "", "Host", tt.host); w.Code != tt.want {
			t.Errorf("backup from loopback with Host %q = %d, want %d", tt.host, w.Code, tt.want)
		}
	}
}
