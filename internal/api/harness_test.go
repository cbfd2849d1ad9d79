package api

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
	"github.com/jalonhq/jalon/internal/exposition"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/report"
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
	c, err := catalogfile.Embedded()
	if err != nil {
		t.Fatalf("ParseCatalog(seeds) = %v", err)
	}
	return c
}

func newHarness(t testing.TB, tokens ...config.Token) *harness {
	t.Helper()
	return newHarnessAt(t, testNow, store.Options{}, Options{Tokens: tokens})
}

// newHarnessAt builds a harness whose API and evaluator run at now, over a
// store opened with storeOpts, the API with opts.
func newHarnessAt(t testing.TB, now time.Time, storeOpts store.Options, opts Options) *harness {
	t.Helper()
	reg := prometheus.NewRegistry()
	storeOpts.Registerer = reg
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), storeOpts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := func() time.Time { return now }
	ev := evaluator.New(st, roadmap(t), evaluator.Options{Now: clock, Registerer: reg})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	opts.Now, opts.Registerer, opts.MaxBodyBytes = clock, reg, 1<<20
	api, err := New(st, ev, wired(t, st, ev, opts))
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
	mux.Handle("GET /metrics", exposition.New(h.eval.Snapshot, h.reg))
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

// pushFixture pushes a small history: 1-1 monthly counts, a labelled count
// in two regions, a percent.
func pushFixture(t *testing.T, h *harness) {
	t.Helper()
	body := item(`{"indicator":"` + ind11 + `","time":"2024-10-31","value":2.0e7},
		{"indicator":"` + ind11 + `","time":"2024-11-30","value":2.1e7},
		{"indicator":"` + ind11 + `","time":"2024-12-31","value":2.2e7},
		{"indicator":"` + ind11 + `","time":"2025-01-31","value":2.2e7},
		{"indicator":"` + ind11 + `","time":"2025-02-28","value":2.3e7},
		{"indicator":"` + ind11 + `","time":"2025-03-31","value":2.4e7},
		{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2025-03-31","value":120},
		{"indicator":"` + indRegion + `","labels":{"region":"11"},"time":"2025-03-31","value":80},
		{"indicator":"` + indPercent + `","time":"2025-05-31","value":41.5}`)
	if w := h.push(t, body); w.Code != 200 {
		t.Fatalf("push fixture = %d %s", w.Code, w.Body)
	}
	h.refresh(t)
}

// wired completes opts with what the daemon passes an API: the ingest
// pipeline over st and ev (unless given) and report.Write over st.
func wired(t testing.TB, st *store.Store, ev *evaluator.Evaluator, opts Options) Options {
	t.Helper()
	if opts.Pipeline == nil {
		p, err := ingest.NewPipeline(st, ev.Catalog, opts.Registerer)
		if err != nil {
			t.Fatal(err)
		}
		p.OnWrite(ev.Touch)
		opts.Pipeline = p
	}
	opts.Report = func(c *indicators.Catalog, q report.Query, r report.Renderer) error { return report.Write(st, c, q, r) }
	return opts
}
