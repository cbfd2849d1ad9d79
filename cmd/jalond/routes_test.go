package main

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/internal/webconfig"
	"github.com/jalonhq/jalon/store"
)

// TestRouteScopes walks every route of the table, with tokens configured,
// and checks that it refuses a caller without the scope the table states:
// no token at all, then tokens of each lesser scope. A route added without
// its check, or with a looser one than stated, fails here.
func TestRouteScopes(t *testing.T) {
	const readSecret, writeSecret = "routes-read-secret-0123456789", "routes-write-secret-0123456789"
	d := assembleWithTokens(t, fmt.Sprintf("[[token]]\nname = \"reader\"\nhash = %q\nscopes = [\"read\"]\n\n"+
		"[[token]]\nname = \"writer\"\nhash = %q\nscopes = [\"write:*\"]\n", hashSecret(readSecret), hashSecret(writeSecret)))
	lesser := map[scope][]string{
		readScope:   {""},
		writeScope:  {"", readSecret},
		adminScope:  {"", readSecret, writeSecret},
		assessScope: {"", readSecret, writeSecret},
	}
	seen := map[scope]int{}
	for _, r := range d.routes {
		seen[r.scope]++
		method, path, _ := strings.Cut(r.pattern, " ")
		path = concrete(path)
		for _, secret := range lesser[r.scope] {
			req := httptest.NewRequest(method, path, strings.NewReader(`{"measurements":[{"indicator":"mes_documents_fed_per_year","time":"2025-01-31","value":1}]}`))
			req.Header.Set("Content-Type", "application/json")
			if secret != "" {
				req.Header.Set("Authorization", "Bearer "+secret)
			}
			w := httptest.NewRecorder()
			d.handler.ServeHTTP(w, req)
			if want := refusal(secret); w.Code != want {
				t.Errorf("%s %s (declared %v) with %s = %d %.120s, want %d", method, path, r.scope, who(secret, readSecret), w.Code, w.Body, want)
			}
		}
	}
	for _, s := range []scope{public, readScope, writeScope, adminScope, assessScope} {
		if seen[s] == 0 {
			t.Errorf("no route of scope %v in the table: the walk would prove nothing for it", s)
		}
	}
}

// refusal is the status of a request made with secret ("" for none) to a
// route that needs more.
func refusal(secret string) int {
	if secret == "" {
		return http.StatusUnauthorized
	}
	return http.StatusForbidden
}

func who(secret, readSecret string) string {
	switch secret {
	case "":
		return "no token"
	case readSecret:
		return "a read token"
	}
	return "a write token"
}

func (s scope) String() string {
	return [...]string{"public", "read", "write", "admin", "assess"}[s]
}

// concrete fills a pattern's wildcards with values that name something.
func concrete(path string) string {
	path = strings.NewReplacer("/objectives/{id}", "/objectives/1-1", "{id}", "mes_documents_fed_per_year", "{name}", "none", "{$}", "").Replace(path)
	if strings.HasSuffix(path, "/debug/pprof/") {
		path += "heap"
	}
	return path
}

// assembleWithTokens builds the daemon's components in process with the
// configuration given, over a store in a temporary directory.
func assembleWithTokens(t *testing.T, configText string) *components {
	t.Helper()
	reg := prometheus.NewRegistry()
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg, err := config.ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(configText)})
	if err != nil {
		t.Fatal(err)
	}
	d, err := assemble(cfg, webLimits{}, &webconfig.Config{}, st, func(string) string { return "" }, slog.New(slog.DiscardHandler), reg)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.eval.Load(); err != nil {
		t.Fatal(err)
	}
	d.ready.Store(true)
	return d
}
