package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/seeds"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/store"
)

// testNow is the clock of every server test.
var testNow = time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)

// harness is an API over a real store in a temporary directory, loaded with
// the embedded roadmap catalog.
type harness struct {
	api   *API
	store *store.Store
	eval  *evaluator.Evaluator
	reg   *prometheus.Registry
}

func roadmap(t testing.TB) *indicators.Catalog {
	t.Helper()
	var srcs []tomlcheck.Source
	for _, f := range seeds.Files() {
		srcs = append(srcs, tomlcheck.Source{Name: f.Name, Data: f.Data})
	}
	c, err := catalogfile.ParseCatalog(srcs...)
	if err != nil {
		t.Fatalf("ParseCatalog(seeds) = %v", err)
	}
	return c
}

func newHarness(t testing.TB, tokens ...config.Token) *harness {
	t.Helper()
	reg := prometheus.NewRegistry()
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := func() time.Time { return testNow }
	ev := evaluator.New(st, roadmap(t), evaluator.Options{Now: now, Registerer: reg})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	api, err := New(st, ev, Options{Tokens: tokens, Now: now, Registerer: reg, Gatherer: reg, MaxBodyBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return &harness{api: api, store: st, eval: ev, reg: reg}
}

// do sends a request as if from a loopback client naming the server
// localhost; header pairs "RemoteAddr" and "Host" change either.
func (h *harness) do(t testing.TB, method, path, contentType, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		switch header[i] {
		case "RemoteAddr":
			r.RemoteAddr = header[i+1]
			continue
		case "Host":
			r.Host = header[i+1]
			continue
		}
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	mux := http.NewServeMux()
	mux.Handle("POST /api/v1/measurements", h.api.Push())
	mux.Handle("GET /api/v1/objectives", h.api.Objectives())
	mux.Handle("GET /api/v1/indicators/{id}", h.api.Indicator())
	mux.Handle("PUT /api/v1/indicators/{id}", h.api.PutIndicator())
	mux.Handle("GET /api/v1/indicators/{id}/revisions", h.api.Revisions())
	mux.Handle("GET /api/v1/indicators/{id}/series", h.api.Series())
	mux.Handle("GET /api/v1/indicators/{id}/plan", h.api.Plan())
	mux.Handle("DELETE /api/v1/indicators/{id}/series", h.api.DeleteSeries())
	mux.Handle("DELETE /api/v1/indicators/{id}/points", h.api.DeletePoint())
	mux.Handle("GET /api/v1/admin/backup", h.api.Backup())
	mux.Handle("GET /metrics", h.api.Metrics())
	mux.ServeHTTP(w, r)
	return w
}

func (h *harness) push(t testing.TB, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return h.do(t, "POST", "/api/v1/measurements", "application/json", body, header...)
}

// points counts every stored point, to check that a refused request left
// the store as it was.
func (h *harness) points(t testing.TB) uint64 {
	t.Helper()
	return h.store.Stats().Points
}

// refresh evaluates the series touched by earlier pushes, as the daemon's
// loop does shortly after a write.
func (h *harness) refresh(t testing.TB) {
	t.Helper()
	if err := h.eval.Refresh(); err != nil {
		t.Fatal(err)
	}
}

func decodeBody[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.NewDecoder(bytes.NewReader(w.Body.Bytes())).Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", w.Body.String(), err)
	}
	return v
}
