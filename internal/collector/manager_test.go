package collector

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestNewProblems(t *testing.T) {
	dir := t.TempDir()
	toml := `
[[puller]]
name = "unknown-indicator"
type = "csv"
schedule = "@daily"
indicator = "mes_documents_fed"
url = "http://h/x.csv"
  [puller.csv]
  time_column = "t"
  value_column = "v"

[[puller]]
name = "bad-label"
type = "json"
schedule = "@daily"
indicator = "ins_qualified_share"
url = "http://h/x.json"
labels = { department = "69" }
  [puller.json]
  time = "t"
  value = "v"
  labels = { region = "r" }

[[puller]]
name = "secrets"
type = "csv"
schedule = "@daily"
indicator = "ins_qualified_share"
url = "http://h/x.csv"
headers = { Authorization = "Bearer ${CNAM_API_KEY}", X-Key = "${file:` + filepath.Join(dir, "none.key") + `}" }
  [puller.csv]
  time_column = "t"
  value_column = "v"
`
	h := newHarness(t, "", nil)
	_, err := New(Options{Pullers: pullers(t, toml), Pipeline: h.pipe, Store: h.store, Catalog: h.eval.Catalog(),
		Getenv: func(string) string { return "" }})
	want := strings.Join([]string{
		`jalon.toml:6: puller.indicator: puller "unknown-indicator": "mes_documents_fed" is not in the catalog`,
		`jalon.toml:18: puller.labels.department: puller "bad-label": label "department" is not a dimension of ins_qualified_share (allowed: region)`,
		`jalon.toml:30: puller.headers.Authorization: puller "secrets": header Authorization: environment variable CNAM_API_KEY is not set`,
		`jalon.toml:30: puller.headers.X-Key: puller "secrets": header X-Key: read secret file: open ` + filepath.Join(dir, "none.key") + `: no such file or directory`,
	}, "\n")
	if err == nil || err.Error() != want || !isProblems(err) {
		t.Errorf("New() = %v\nwant Problems\n%s", err, want)
	}
}

func TestHeadersFromSecrets(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "cnam.key")
	if err := os.WriteFile(keyFile, []byte("file-s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		http.Error(w, "denied", http.StatusForbidden)
	}))
	defer srv.Close()
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(faultPuller, srv.URL, 0,
		`headers = { Authorization = "Bearer ${CNAM_API_KEY}", X-Api-Key = "${file:`+keyFile+`}", Accept = "text/csv" }`),
		func(o *Options) {
			o.Getenv = func(k string) string { return map[string]string{"CNAM_API_KEY": "env-s3cret"}[k] }
		})
	st, err := runNow(t, m, "ins")
	if got.Get("Authorization") != "Bearer env-s3cret" || got.Get("X-Api-Key") != "file-s3cret" || got.Get("Accept") != "text/csv" {
		t.Errorf("headers sent = %v, want the secrets resolved", got)
	}
	if err == nil || strings.Contains(st.LastError, "s3cret") || strings.Contains(fmt.Sprint(m.States()), "s3cret") {
		t.Errorf("run = %v, state %+v: want a failure that quotes no secret", err, st)
	}
}

func TestRunNowUnknown(t *testing.T) {
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(faultPuller, "http://127.0.0.1:9", 0, ""))
	if err := m.RunNow(t.Context(), "nope"); !errors.Is(err, ErrUnknownPuller) {
		t.Errorf("RunNow(nope) = %v, want ErrUnknownPuller", err)
	}
}

func TestMetricsExposed(t *testing.T) {
	srv := httptest.NewServer(&fileServer{body: readTestdata(t, "ins-regions.csv"), etag: `"e"`})
	defer srv.Close()
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(insPuller, "@daily", srv.URL))
	mustRun(t, m, "ins")
	mustRun(t, m, "ins")
	want := `
# HELP jalon_puller_last_success_timestamp_seconds When the puller's last successful run ended, in seconds since 1970; 0 if it never succeeded.
# TYPE jalon_puller_last_success_timestamp_seconds gauge
jalon_puller_last_success_timestamp_seconds{puller="ins"} 1.7512848e+09
# HELP jalon_puller_points_total Points written by pullers, by outcome: new, revised (another value for an existing point) or unchanged.
# TYPE jalon_puller_points_total counter
jalon_puller_points_total{outcome="new",puller="ins"} 5
jalon_puller_points_total{outcome="revised",puller="ins"} 0
jalon_puller_points_total{outcome="unchanged",puller="ins"} 0
# HELP jalon_puller_rows_skipped_total Rows or items pullers skipped, by reason: no_value (NS, empty, null) or invalid (skip_invalid_rows).
# TYPE jalon_puller_rows_skipped_total counter
jalon_puller_rows_skipped_total{puller="ins",reason="invalid"} 0
jalon_puller_rows_skipped_total{puller="ins",reason="no_value"} 3
# HELP jalon_puller_runs_total Puller runs by result: success, failure, or skipped because the previous run was still going.
# TYPE jalon_puller_runs_total counter
jalon_puller_runs_total{puller="ins",result="failure"} 0
jalon_puller_runs_total{puller="ins",result="skipped"} 0
jalon_puller_runs_total{puller="ins",result="success"} 2
`
	if err := testutil.GatherAndCompare(h.reg, strings.NewReader(want), "jalon_puller_last_success_timestamp_seconds",
		"jalon_puller_points_total", "jalon_puller_rows_skipped_total", "jalon_puller_runs_total"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(m.metrics.duration); n != 1 {
		t.Errorf("jalon_puller_run_duration_seconds has %d series, want 1", n)
	}
}
