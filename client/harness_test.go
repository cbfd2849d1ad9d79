package client_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/report"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/store"
)

// harnessT is what the daemon of the tests needs of a *testing.T, so that
// the Example can start one too.
type harnessT interface {
	Helper()
	Fatal(args ...any)
	TempDir() string
	Cleanup(func())
}

// exampleEnv stands for a *testing.T in an Example: a temporary directory,
// cleanups run by stop, and a panic on failure.
type exampleEnv struct {
	dir      string
	cleanups []func()
}

func (e *exampleEnv) Helper()           {}
func (e *exampleEnv) Fatal(args ...any) { panic(fmt.Sprint(args...)) }
func (e *exampleEnv) TempDir() string   { return e.dir }
func (e *exampleEnv) Cleanup(f func())  { e.cleanups = append(e.cleanups, f) }

// exampleDaemon serves a daemon of the tests for an Example and returns
// its URL, and a function that stops it and removes its files.
func exampleDaemon() (url string, stop func()) {
	dir, err := os.MkdirTemp("", "jalon-example-")
	if err != nil {
		panic(err)
	}
	e := &exampleEnv{dir: dir}
	url = newDaemon(e).serve(e)
	return url, func() {
		for _, f := range slices.Backward(e.cleanups) {
			f()
		}
		os.RemoveAll(dir)
	}
}

// daemon is the real API over a real store, the embedded catalog, one CSV
// puller and alerting, mounted as cmd/jalond's route table mounts it.
type daemon struct {
	mux    *http.ServeMux
	store  *store.Store
	eval   *evaluator.Evaluator
	alerts *alerting.Manager
}

// pullerCSV is what the puller "ins" reads: two regional shares.
const pullerCSV = "trimestre;code_region;taux\n2025-T1;84;41,5\n2025-T1;93;38,0\n"

func newDaemon(t harnessT, tokens ...config.Token) *daemon {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat, err := catalogfile.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ev := evaluator.New(st, cat, evaluator.Options{})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	pipe, err := ingest.NewPipeline(st, ev.Catalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	pipe.OnWrite(ev.Touch)
	pullers := newPullers(t, st, ev, pipe)
	alerts, err := alerting.New(alerting.Options{Store: st, Snapshot: ev.Snapshot})
	if err != nil {
		t.Fatal(err)
	}
	a, err := api.New(st, ev, api.Options{Tokens: tokens, Pipeline: pipe,
		Report: func(c *indicators.Catalog, q report.Query, r report.Renderer) error { return report.Write(st, c, q, r) }})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for pattern, h := range map[string]http.Handler{
		"POST /api/v1/measurements":             a.Push(),
		"GET /api/v1/objectives":                a.Objectives(),
		"GET /api/v1/indicators/{id}":           a.Indicator(),
		"PUT /api/v1/indicators/{id}":           a.PutIndicator(),
		"GET /api/v1/indicators/{id}/revisions": a.Revisions(),
		"GET /api/v1/indicators/{id}/series":    a.Series(),
		"DELETE /api/v1/indicators/{id}/series": a.DeleteSeries(),
		"DELETE /api/v1/indicators/{id}/points": a.DeletePoint(),
		"GET /api/v1/indicators/{id}/plan":      a.Plan(),
		"GET /api/v1/report":                    a.Report(),
		"GET /api/v1/admin/backup":              a.Backup(),
		"GET /api/v1/pullers":                   a.Pullers(pullers),
		"POST /api/v1/pullers/{name}/run":       a.RunPuller(pullers),
		"GET /api/v1/alerts":                    a.Alerts(alerts),
	} {
		mux.Handle(pattern, h)
	}
	return &daemon{mux: mux, store: st, eval: ev, alerts: alerts}
}

// newPullers configures the puller "ins", reading pullerCSV from a
// loopback source.
func newPullers(t harnessT, st *store.Store, ev *evaluator.Evaluator, pipe *ingest.Pipeline) *collector.Manager {
	t.Helper()
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, pullerCSV)
	}))
	t.Cleanup(src.Close)
	d, err := config.ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: fmt.Appendf(nil, `
[[puller]]
name = "ins"
type = "csv"
schedule = "0 6 * * *"
timezone = "UTC"
indicator = "ins_qualified_share"
url = "%s/ins.csv"
  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux"
  label_columns = { region = "code_region" }
`, src.URL)})
	if err != nil {
		t.Fatal(err)
	}
	m, err := collector.New(collector.Options{Pullers: d.Pullers, Pipeline: pipe, Store: st, Catalog: ev.Catalog()})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// serve serves d on a loopback test server and returns its URL.
func (d *daemon) serve(t harnessT) string {
	t.Helper()
	srv := httptest.NewServer(d.mux)
	t.Cleanup(srv.Close)
	return srv.URL
}
