package exposition

import (
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/catalogfile"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/ingest/decode"
	"github.com/jalonhq/jalon/store"
)

// testNow is the clock of every exposition test.
var testNow = time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)

const (
	ind11      = "mes_documents_fed_per_year" // 1-1, no dimensions, rate from monthly counts
	indRegion  = "cdri_user_establishments"   // 7-3, count, dimension region
	indPercent = "doctors_mes_profile_consultation_share"
)

func item(fields string) string { return `{"measurements":[` + fields + `]}` }

// harness is the /metrics handler over a real store in a temporary
// directory, loaded with the embedded roadmap catalog, and the ingest
// pipeline that pushes go through.
type harness struct {
	expo     *Handler
	store    *store.Store
	eval     *evaluator.Evaluator
	pipeline *ingest.Pipeline
}

func roadmap(t testing.TB) *indicators.Catalog {
	t.Helper()
	c, err := catalogfile.Embedded()
	if err != nil {
		t.Fatalf("ParseCatalog(seeds) = %v", err)
	}
	return c
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	reg := prometheus.NewRegistry()
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ev := evaluator.New(st, roadmap(t), evaluator.Options{Now: func() time.Time { return testNow }, Registerer: reg})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	pipe, err := ingest.NewPipeline(st, ev.Catalog, reg)
	if err != nil {
		t.Fatal(err)
	}
	pipe.OnWrite(ev.Touch)
	return &harness{expo: New(ev.Snapshot, reg), store: st, eval: ev, pipeline: pipe}
}

// push decodes, checks and writes a JSON batch as a push does, failing the
// test on any problem.
func (h *harness) push(t testing.TB, body string) {
	t.Helper()
	items, decodeErrs, err := decode.JSON([]byte(body))
	if err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	cands, bad := decode.Candidates(items, decodeErrs)
	ms, invalid := h.pipeline.Check(cands, testNow)
	if bad = append(bad, invalid...); len(bad) > 0 {
		t.Fatalf("push %s: %v", body, bad)
	}
	if _, err := h.pipeline.Write(t.Context(), ms, "test", "push"); err != nil {
		t.Fatal(err)
	}
}

// refresh evaluates the series touched by earlier pushes, as the daemon's
// loop does shortly after a write.
func (h *harness) refresh(t testing.TB) {
	t.Helper()
	if err := h.eval.Refresh(); err != nil {
		t.Fatal(err)
	}
}

// scrape GETs /metrics with header pairs.
func (h *harness) scrape(header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", "/metrics", nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.expo.ServeHTTP(w, r)
	return w
}
