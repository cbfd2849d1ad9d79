package collector

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

const faultPuller = `
[[puller]]
name = "ins"
type = "csv"
schedule = "@daily"
indicator = "ins_qualified_share"
url = "%s/ins.csv"
retries = %d
backoff = "1ms"
%s
  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux_ins_qualifiees"
  label_columns = { region = "code_region" }
`

const goodCSV = "trimestre;code_region;taux_ins_qualifiees\n2024-T1;11;72,5\n2024-T1;84;68,1\n"

// faultServer answers each request with the handler of its number (from
// 0), the last one for all later requests.
type faultServer struct {
	handlers []http.HandlerFunc
	n        atomic.Int32
}

func (f *faultServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(f.n.Add(1)) - 1
	f.handlers[min(i, len(f.handlers)-1)](w, r)
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { http.Error(w, http.StatusText(code), code) }
}

func body(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(s)) }
}

// hang never answers: it waits for the client to give up.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// hangMidBody sends the headers and half a body, then waits for the
// client to give up.
func hangMidBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", strconv.Itoa(len(goodCSV)))
	w.Write([]byte(goodCSV[:40]))
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// cutMidRow promises the whole body, sends it up to the middle of a row,
// then drops the connection.
func cutMidRow(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Length", strconv.Itoa(len(goodCSV)))
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(goodCSV[:50]))
	w.(http.Flusher).Flush()
	conn, _, _ := w.(http.Hijacker).Hijack()
	conn.Close()
}

func TestPullFaults(t *testing.T) {
	tests := []struct {
		name     string
		handlers []http.HandlerFunc
		retries  int
		extra    string
		wantErr  string // %s is the URL; "" for success
		requests int32
		points   Points
	}{
		{name: "500 then 200: the retry succeeds", handlers: []http.HandlerFunc{status(500), body(goodCSV)}, retries: 2,
			requests: 2, points: Points{New: 2}},
		{name: "503 forever", handlers: []http.HandlerFunc{status(503)}, retries: 2,
			wantErr: "3 attempts: fetch %s: 503 Service Unavailable", requests: 3},
		{name: "404 is not retried", handlers: []http.HandlerFunc{status(404)}, retries: 2,
			wantErr: "fetch %s: 404 Not Found", requests: 1},
		{name: "slow server beyond the timeout", handlers: []http.HandlerFunc{hang}, retries: 1, extra: `timeout = "300ms"`,
			wantErr: "2 attempts: fetch %s: context deadline exceeded", requests: 2},
		{name: "slow body beyond the timeout", handlers: []http.HandlerFunc{hangMidBody}, retries: 0, extra: `timeout = "2s"`, // headers well within it
			wantErr: "fetch %s: read body: context deadline exceeded", requests: 1},
		{name: "body cut mid-row", handlers: []http.HandlerFunc{cutMidRow}, retries: 1,
			wantErr: "2 attempts: fetch %s: read body: unexpected EOF", requests: 2},
		{name: "body cut then whole", handlers: []http.HandlerFunc{cutMidRow, body(goodCSV)}, retries: 1,
			requests: 2, points: Points{New: 2}},
		{name: "empty body", handlers: []http.HandlerFunc{body("")}, retries: 2,
			wantErr: `read %s: no header line: the body is empty`, requests: 1},
		{name: "wrong column name", handlers: []http.HandlerFunc{body("trimestre;code_region;taux\n2024-T1;11;72,5\n")}, retries: 2,
			wantErr: `read %s: row 1: no column "taux_ins_qualifiees" in the header (columns: trimestre, code_region, taux)`, requests: 1},
		{name: "text value", handlers: []http.HandlerFunc{body(goodCSV + "2024-T1;93;n/a\n")}, retries: 2,
			wantErr: `read %s: row 4, column "taux_ins_qualifiees": "n/a" is not a number`, requests: 1},
		{name: "text value skipped", handlers: []http.HandlerFunc{body(goodCSV + "2024-T1;93;n/a\n")}, extra: "skip_invalid_rows = true",
			requests: 1, points: Points{New: 2, Invalid: 1}},
		{name: "row cut short", handlers: []http.HandlerFunc{body(goodCSV + "2024-T1;93\n")},
			wantErr: `read %s: row 4: 2 fields, want at least 3: is the row cut short?`, requests: 1},
		{name: "bad period", handlers: []http.HandlerFunc{body(goodCSV + "2024-T5;93;1\n")},
			wantErr: `read %s: row 4, column "trimestre": "2024-T5" is not a time in format YYYY-Qn`, requests: 1},
		{name: "region refused by the catalog", handlers: []http.HandlerFunc{body(goodCSV + "2024-T1;99;50\n")},
			wantErr: `check against the catalog: row 4: labels.region: "99" is not an INSEE region code (e.g. 84, 93, 94)`, requests: 1},
		{name: "same point twice", handlers: []http.HandlerFunc{body(goodCSV + "2024-T1;11;73\n")},
			wantErr: `read %s: row 4: same point as row 2: set csv.aggregate to combine rows`, requests: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := &faultServer{handlers: tc.handlers}
			srv := httptest.NewServer(fs)
			defer srv.Close()
			h := newHarness(t, "", nil)
			m := h.manager(t, fmt.Sprintf(faultPuller, srv.URL, tc.retries, tc.extra))
			st, err := runNow(t, m, "ins")
			wantErr := strings.ReplaceAll(tc.wantErr, "%s", srv.URL+"/ins.csv")
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || err.Error() != wantErr || st.LastError != wantErr) {
				t.Errorf("run = %v, state error %q; want %q", err, st.LastError, wantErr)
			}
			if got := fs.n.Load(); got != tc.requests {
				t.Errorf("%d requests, want %d", got, tc.requests)
			}
			if st.Points != tc.points {
				t.Errorf("points %+v, want %+v", st.Points, tc.points)
			}
			if stored := h.stored(t, "ins_qualified_share"); len(stored) != tc.points.New {
				t.Errorf("stored %d points, want %d: a failed run writes nothing", len(stored), tc.points.New)
			}
		})
	}
}

// TestFailingSourceState checks that a failing puller says why in its
// state, across restarts, and recovers at the next run once its source
// does.
func TestFailingSourceState(t *testing.T) {
	var up atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			http.Error(w, "maintenance", http.StatusInternalServerError)
			return
		}
		w.Write([]byte(goodCSV))
	}))
	defer srv.Close()
	dir := t.TempDir()
	toml := fmt.Sprintf(faultPuller, srv.URL, 1, "")
	h := newHarness(t, dir, nil)
	m := h.manager(t, toml)
	runNow(t, m, "ins")
	st, _ := runNow(t, m, "ins")
	want := fmt.Sprintf("2 attempts: fetch %s/ins.csv: 500 Internal Server Error", srv.URL)
	if st.LastResult != "failure" || st.LastError != want || st.ConsecutiveFailures != 2 || !st.LastSuccess.IsZero() {
		t.Errorf("after two failed runs: %+v; want result failure, error %q, 2 failures", st, want)
	}
	if got := testutil.ToFloat64(m.metrics.runs.WithLabelValues("ins", "failure")); got != 2 {
		t.Errorf("jalon_puller_runs_total{result=failure} = %v, want 2", got)
	}
	if got := testutil.ToFloat64(m.metrics.failures.WithLabelValues("ins")); got != 2 {
		t.Errorf("jalon_puller_consecutive_failures = %v, want 2", got)
	}

	// A restart reads the state back from the store.
	h.store.Close()
	h = newHarness(t, dir, nil)
	m = h.manager(t, toml)
	if st, _ := m.State("ins"); st.LastError != want || st.ConsecutiveFailures != 2 {
		t.Errorf("state after a restart: %+v; want the failure kept", st)
	}
	if got := testutil.ToFloat64(m.metrics.failures.WithLabelValues("ins")); got != 2 {
		t.Errorf("jalon_puller_consecutive_failures after a restart = %v, want 2", got)
	}
	up.Store(true)
	st = mustRun(t, m, "ins")
	if st.LastResult != "success" || st.LastError != "" || st.ConsecutiveFailures != 0 || st.LastSuccess != testNow || st.Points.New != 2 {
		t.Errorf("after the source recovered: %+v; want success, no error, 2 new points", st)
	}
	if got := testutil.ToFloat64(m.metrics.lastSuccess.WithLabelValues("ins")); got != float64(testNow.Unix()) {
		t.Errorf("jalon_puller_last_success_timestamp_seconds = %v, want %d", got, testNow.Unix())
	}
	if got := testutil.ToFloat64(m.metrics.failures.WithLabelValues("ins")); got != 0 {
		t.Errorf("jalon_puller_consecutive_failures after a success = %v, want 0", got)
	}
}

// panicky is a transport that panics, standing for a bug in a source.
type panicky struct{}

func (panicky) RoundTrip(*http.Request) (*http.Response, error) { panic("bug in the source") }

func TestPanicIsRecovered(t *testing.T) {
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(faultPuller, "http://127.0.0.1:9", 0, ""),
		func(o *Options) { o.Client = &http.Client{Transport: panicky{}} })
	st, err := runNow(t, m, "ins")
	if err == nil || err.Error() != "panic: bug in the source" || st.LastResult != "failure" {
		t.Errorf("run = %v, state %+v; want the panic as a failed run", err, st)
	}
	if _, err := runNow(t, m, "ins"); err == nil || strings.Contains(err.Error(), "running") {
		t.Errorf("second run = %v, want another failure, not a puller stuck running", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(faultPuller, url, 1, ""))
	_, err := runNow(t, m, "ins")
	if err == nil || !strings.HasPrefix(err.Error(), "2 attempts: fetch "+url+"/ins.csv: dial tcp") || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("run = %v, want 2 attempts refused", err)
	}
}
