package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/ingest"
	reportpkg "github.com/jalonhq/jalon/internal/report"
	"github.com/jalonhq/jalon/store"
)

// daemon serves the real API over a real store on a loopback test server,
// with opts if given.
func daemon(t *testing.T, opts ...api.Options) (url string, st *store.Store, ev *evaluator.Evaluator) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat, err := catalogfile.ParseCatalog(embeddedCatalog()...)
	if err != nil {
		t.Fatal(err)
	}
	ev = evaluator.New(st, cat, evaluator.Options{})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	pipe, err := ingest.NewPipeline(st, ev.Catalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	pipe.OnWrite(ev.Touch)
	api, err := api.New(st, ev, wired(st, pipe, append(opts, api.Options{})[0]))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /api/v1/measurements", api.Push())
	mux.Handle("GET /api/v1/objectives", api.Objectives())
	mux.Handle("GET /api/v1/admin/backup", api.Backup())
	mux.Handle("GET /api/v1/indicators/{id}/series", api.Series())
	mux.Handle("GET /api/v1/report", api.Report())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, st, ev
}

func TestPushStatusBackup(t *testing.T) {
	url, _, ev := daemon(t)
	stdout, stderr, code := runCLI(t, "", "push", "--url", url, "mes_documents_fed_per_year", "2025-01-31", "21000000")
	if code != 0 || stdout != "1 new, 0 revised, 0 unchanged\n" {
		t.Fatalf("push = %d %q %q, want 1 new", code, stdout, stderr)
	}
	_, stderr, code = runCLI(t, "", "push", "--url", url, "--labels", "region=99", "cdri_user_establishments", "2025-03-31", "120")
	if code != 1 || !strings.Contains(stderr, `labels.region: "99" is not an INSEE region code`) {
		t.Errorf("push with a bad region = %d %q, want 1 and the reason", code, stderr)
	}
	csv := filepath.Join(t.TempDir(), "batch.csv")
	os.WriteFile(csv, []byte("indicator,time,value,label:region\ncdri_user_establishments,2025-03-31,120,84\n"), 0o644)
	if stdout, stderr, code = runCLI(t, "", "push", "--url", url, "--file", csv); code != 0 || stdout != "1 new, 0 revised, 0 unchanged\n" {
		t.Errorf("push --file = %d %q %q", code, stdout, stderr)
	}
	if err := ev.Refresh(); err != nil {
		t.Fatal(err)
	}

	stdout, stderr, code = runCLI(t, "", "status", "--url", url, "--objective", "7-3")
	if code != 0 || !strings.Contains(stdout, "cdri_user_establishments") || !strings.Contains(stdout, "region=84  120") {
		t.Errorf("status --objective 7-3 = %d\n%s%s", code, stdout, stderr)
	}
	stdout, _, _ = runCLI(t, "", "status", "--url", url, "--status", "no_data")
	if strings.Contains(stdout, "mes_documents_fed_per_year") {
		t.Errorf("status --status no_data lists 1-1, which has data:\n%s", stdout)
	}
	if _, stderr, code = runCLI(t, "", "status", "--url", url, "--objective", "99-"); code != 1 || !strings.Contains(stderr, `--objective "99-": no objective id starts with it (ids run from 1-1 to `) {
		t.Errorf("status --objective 99- = %d %q, want 1 and the range of ids", code, stderr)
	}

	file := filepath.Join(t.TempDir(), "backup.db")
	if _, stderr, code = runCLI(t, "", "backup", "--url", url, file); code != 0 {
		t.Fatalf("backup = %d %s", code, stderr)
	}
	copy, err := store.Open(file, store.Options{})
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer copy.Close()
	if got := copy.Stats().Points; got != 2 {
		t.Errorf("backup holds %d points, want 2", got)
	}
}

func TestClientErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no daemon", []string{"status", "--url", "http://127.0.0.1:1"}, 1, "connection refused"},
		{"push without value", []string{"push", "x", "2025-01-31"}, 2, "want INDICATOR TIME VALUE"},
		{"push value not a number", []string{"push", "x", "2025-01-31", "douze"}, 2, `VALUE "douze" is not a decimal number: 'd' at byte 0`},
		{"push value in Go syntax", []string{"push", "x", "2025-01-31", "0x1p4"}, 2, `VALUE "0x1p4" is not a decimal number: 'x' at byte 1`},
		{"push value infinite", []string{"push", "x", "2025-01-31", "Inf"}, 2, `VALUE "Inf" is not a decimal number: 'I' at byte 0`},
		{"push bad labels", []string{"push", "--labels", "region", "x", "2025-01-31", "1"}, 2, `"region": want name=value`},
		{"push label twice", []string{"push", "--labels", "region=84,region=93", "x", "2025-01-31", "1"}, 2,
			`--labels: region given twice ("84" and "93"); a point has one value per label`},
		{"push file with labels", []string{"push", "--file", "batch.csv", "--labels", "region=84"}, 2,
			"--labels and --source apply to INDICATOR TIME VALUE; a --file carries its own"},
		{"push file with a source", []string{"push", "--source", "ANCT", "--file", "batch.csv"}, 2,
			"--labels and --source apply to INDICATOR TIME VALUE; a --file carries its own"},
		{"push file of unknown type", []string{"push", "--file", "batch.xml"}, 2, "want a .json or .csv file"},
		{"backup without file", []string{"backup"}, 2, "want one FILE"},
		{"status unknown", []string{"status", "--status", "on_track,offtrack"}, 2,
			`--status: unknown status "offtrack" (one of achieved, on_track, at_risk, off_track, missed, stale, no_data)`},
		{"alerts unknown state", []string{"alerts", "--state", "bogus"}, 2, `--state: unknown state "bogus" (one of pending, firing, resolved, settled)`},
		{"alerts unknown rule", []string{"alerts", "--alertname", "OffTrack"}, 2, `--alertname: unknown rule "OffTrack" (one of JalonTrajectoryAtRisk, `},
		{"alerts unknown format", []string{"alerts", "--format", "yaml"}, 2, `--format: unknown format "yaml" (one of table, json)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("jalonctl %v = %d %q, want %d and %q", tt.args, code, stderr, tt.code, tt.want)
			}
		})
	}
}

func TestClientConnectionErrors(t *testing.T) {
	url, _, _ := daemon(t, api.Options{Tokens: []config.Token{{Name: "ops", Hash: config.HashToken("s3cret"), Scopes: []config.Scope{config.ScopeRead}}}})
	slow := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(slow.Close)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string // the whole of stderr
	}{
		{"daemon down", nil, []string{"status", "--url", "http://127.0.0.1:1"}, 1,
			"GET /api/v1/objectives: dial tcp 127.0.0.1:1: connect: connection refused\nis jalond running at http://127.0.0.1:1? set --url or JALON_URL\n"},
		{"no answer", nil, []string{"status", "--url", slow.URL, "--timeout", "20ms"}, 1,
			"GET /api/v1/objectives: no answer within 20ms\nis jalond at " + slow.URL + " overloaded? set --timeout for more time\n"},
		{"no token", nil, []string{"status", "--url", url}, 1,
			"GET /api/v1/objectives: 401 Unauthorized: no token sent: set --token or JALON_TOKEN\n"},
		{"unknown token", nil, []string{"status", "--url", url, "--token", "guess"}, 1,
			"GET /api/v1/objectives: 401 Unauthorized: the daemon does not know this token (from --token)\n"},
		{"unknown token from the environment", map[string]string{"JALON_TOKEN": "guess", "JALON_URL": url}, []string{"status"}, 1,
			"GET /api/v1/objectives: 401 Unauthorized: the daemon does not know this token (from JALON_TOKEN)\n"},
		{"no scheme", nil, []string{"status", "--url", "127.0.0.1:19731"}, 2,
			`--url "127.0.0.1:19731" wants http:// or https://, e.g. http://127.0.0.1:19731` + "\n"},
		{"no scheme in the environment", map[string]string{"JALON_URL": "localhost:9721"}, []string{"status"}, 2,
			`JALON_URL "localhost:9721" wants http:// or https://, e.g. http://localhost:9721` + "\n"},
		{"API path in the URL", nil, []string{"status", "--url", url + "/api/v1", "--token", "s3cret"}, 1,
			"GET /api/v1/objectives: 404 Not Found: 404 page not found\n" +
				"--url is the daemon's base URL (e.g. http://localhost:9721); it is now " + url + "/api/v1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), tt.args, strings.NewReader(""), &stdout, &stderr, func(k string) string { return tt.env[k] })
			if code := report(err, &stderr); code != tt.code || stderr.String() != tt.want {
				t.Errorf("jalonctl %v = %d\n%s\nwant %d\n%s", tt.args, code, &stderr, tt.code, tt.want)
			}
		})
	}
}

// wired completes opts with what the daemon passes an API: the ingest
// pipeline and report.Write over st.
func wired(st *store.Store, pipe *ingest.Pipeline, opts api.Options) api.Options {
	opts.Pipeline = pipe
	opts.Report = func(c *indicators.Catalog, q reportpkg.Query, r reportpkg.Renderer) error {
		return reportpkg.Write(st, c, q, r)
	}
	return opts
}
