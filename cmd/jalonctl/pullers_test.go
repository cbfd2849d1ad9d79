package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/wire"

	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/store"
)

// pullersDaemon serves the pullers API over a real store, with one CSV
// puller reading body from a loopback test source; extra is added to the
// puller's table.
func pullersDaemon(t *testing.T, body, extra string) string {
	t.Helper()
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, body)
	}))
	t.Cleanup(src.Close)
	st, ev, pipe := ingestStack(t)
	d, err := config.ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(fmt.Sprintf(`
[[puller]]
name = "ins"
type = "csv"
schedule = "0 6 * * *"
timezone = "UTC"
indicator = "ins_qualified_share"
url = "%s/ins.csv"
%s
  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux"
  label_columns = { region = "code_region" }
`, src.URL, extra))})
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2025, 6, 30, 9, 30, 0, 0, time.UTC) }
	m, err := collector.New(collector.Options{Pullers: d.Pullers, Pipeline: pipe, Store: st, Catalog: ev.Catalog(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	api, err := api.New(st, ev, wired(st, pipe, api.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /api/v1/pullers", api.Pullers(m))
	mux.Handle("POST /api/v1/pullers/{name}/run", api.RunPuller(m))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestPullersCommand(t *testing.T) {
	url := pullersDaemon(t, "trimestre;code_region;taux\n2024-T1;11;72,5\n2024-T1;84;68,1\n2024-T1;06;NS\n", "")
	stdout, stderr, code := runCLI(t, "", "pullers", "--url", url)
	want := "NAME  TYPE  SCHEDULE   LAST RUN  RESULT  NEW  REVISED  UNCHANGED  SKIPPED  NEXT RUN  ERROR\n" +
		"ins   csv   0 6 * * *  -         -       0    0        0          0        -         -\n" +
		"Times in UTC.\n"
	if code != 0 || stdout != want {
		t.Errorf("pullers = %d\n%s%s\nwant 0\n%s", code, stdout, stderr, want)
	}
	stdout, stderr, code = runCLI(t, "", "pullers", "run", "--url", url, "ins")
	if code != 0 || stdout != "ins: 2 new, 0 revised, 0 unchanged, 1 skipped (0.0s)\n" {
		t.Errorf("pullers run ins = %d %q %q, want 2 new", code, stdout, stderr)
	}
	stdout, _, _ = runCLI(t, "", "pullers", "--url", url)
	if !strings.Contains(stdout, "ins   csv   0 6 * * *  2025-06-30 09:30  success  2    0        0          1") {
		t.Errorf("pullers after a run =\n%s\nwant the run's outcome", stdout)
	}
	_, stderr, code = runCLI(t, "", "pullers", "run", "--url", url, "nope")
	if code != 1 || !strings.Contains(stderr, `404 Not Found: no puller named "nope"`) {
		t.Errorf("pullers run nope = %d %q, want 1 and 404", code, stderr)
	}
	_, stderr, code = runCLI(t, "", "pullers", "run", "--url", url)
	if code != 2 || !strings.Contains(stderr, "want one puller NAME, got 0 arguments") {
		t.Errorf("pullers run without NAME = %d %q, want a usage error", code, stderr)
	}
}

// TestPullersSkippedReasons checks that both commands say which rows a
// run skipped as invalid, and why.
func TestPullersSkippedReasons(t *testing.T) {
	url := pullersDaemon(t, "trimestre;code_region;taux\n2024-T1;11;72,5\n2024-T1;84;abc\n2024-T5;93;1\n2024-T1;99;4\n",
		"skip_invalid_rows = true")
	skipped := "ins: 3 invalid rows skipped (skip_invalid_rows):\n" +
		"  row 3, column \"taux\": \"abc\" is not a number\n" +
		"  row 4, column \"trimestre\": \"2024-T5\" is not a time in format YYYY-Qn\n" +
		"  row 5: labels.region: \"99\" is not an INSEE region code (e.g. 84, 93, 94)\n"
	stdout, stderr, code := runCLI(t, "", "pullers", "run", "--url", url, "ins")
	if want := "ins: 1 new, 0 revised, 0 unchanged, 3 skipped (0.0s)\n" + skipped; code != 0 || stdout != want {
		t.Errorf("pullers run ins = %d\n%s%s\nwant 0\n%s", code, stdout, stderr, want)
	}
	stdout, stderr, code = runCLI(t, "", "pullers", "--url", url)
	if code != 0 || !strings.HasSuffix(stdout, "  -\nTimes in UTC.\n"+skipped) {
		t.Errorf("pullers = %d\n%s%s\nwant 0 and the table, then\n%s", code, stdout, stderr, skipped)
	}
}

func TestPrintSkippedMore(t *testing.T) {
	var p wire.Puller
	p.Name, p.Points.Invalid, p.SkippedReasons = "ins", 12, []string{"row 2: a", "row 3: b"}
	var b strings.Builder
	printSkipped(&b, p)
	if want := "ins: 12 invalid rows skipped (skip_invalid_rows):\n  row 2: a\n  row 3: b\n  … and 10 more\n"; b.String() != want {
		t.Errorf("printSkipped = %q, want %q", b.String(), want)
	}
}

// ingestStack is what a test daemon is built on: a real store in a
// temporary directory, an evaluator over the embedded catalog, and the
// ingest pipeline between them.
func ingestStack(t *testing.T) (*store.Store, *evaluator.Evaluator, *ingest.Pipeline) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat, err := catalogfile.ParseCatalog(embeddedCatalog()...)
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
	return st, ev, pipe
}
