package pages

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/catalogfile"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/report"
	"github.com/jalonhq/jalon/store"
)

// testNow is the clock of every pages test.
var testNow = time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)

const (
	ind11      = "mes_documents_fed_per_year" // 1-1, no dimensions, rate from monthly counts
	indRegion  = "cdri_user_establishments"   // 7-3, count, dimension region
	indPercent = "doctors_mes_profile_consultation_share"
)

func item(fields string) string { return `{"measurements":[` + fields + `]}` }

// harness is a real store in a temporary directory, loaded with the
// embedded roadmap catalog, its evaluator, and the API that pushes go
// through and whose read rule the pages apply, as in the daemon.
type harness struct {
	api   *api.API
	store *store.Store
	eval  *evaluator.Evaluator
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
	return harnessWith(t, store.Options{}, tokens...)
}

// newPagesHarness is newHarness with the store's clock fixed too, so that
// the revision times the pages show are the same on every run.
func newPagesHarness(t testing.TB) *harness {
	t.Helper()
	return harnessWith(t, store.Options{Now: func() time.Time { return testNow }})
}

func harnessWith(t testing.TB, opts store.Options, tokens ...config.Token) *harness {
	t.Helper()
	return harnessAt(t, testNow, opts, tokens...)
}

// harnessAt is harnessWith with the API and evaluator clocks at at.
func harnessAt(t testing.TB, at time.Time, opts store.Options, tokens ...config.Token) *harness {
	t.Helper()
	reg := prometheus.NewRegistry()
	opts.Registerer = reg
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := func() time.Time { return at }
	ev := evaluator.New(st, roadmap(t), evaluator.Options{Now: now, Registerer: reg})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	pipe, err := ingest.NewPipeline(st, ev.Catalog, reg)
	if err != nil {
		t.Fatal(err)
	}
	pipe.OnWrite(ev.Touch)
	a, err := api.New(st, ev, api.Options{Tokens: tokens, Now: now, Registerer: reg, Pipeline: pipe,
		Report: func(c *indicators.Catalog, q report.Query, r report.Renderer) error { return report.Write(st, c, q, r) }})
	if err != nil {
		t.Fatal(err)
	}
	return &harness{api: a, store: st, eval: ev}
}

// options completes o with what every page needs, as cmd/jalond does.
func (h *harness) options(o Options) Options {
	o.Evaluator, o.Store, o.Auth = h.eval, h.store, h.api
	return o
}

func (h *harness) pages(o Options) http.Handler { return New(h.options(o)) }

// push sends a JSON batch to the push API as a loopback client.
func (h *harness) push(t testing.TB, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("POST", "/api/v1/measurements", strings.NewReader(body))
	r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.api.Push().ServeHTTP(w, r)
	return w
}

// refresh evaluates the series touched by earlier pushes, as the daemon's
// loop does shortly after a write.
func (h *harness) refresh(t testing.TB) {
	t.Helper()
	if err := h.eval.Refresh(); err != nil {
		t.Fatal(err)
	}
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
