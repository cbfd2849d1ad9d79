package collector

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jalonhq/jalon/store"
)

// badRowsCSV is goodCSV and five rows a run with skip_invalid_rows skips:
// a text value, a period that does not exist, a row cut short, the same
// point twice and a region the catalog refuses.
const badRowsCSV = goodCSV + "2024-T1;93;abc\n2024-T5;93;1\n2024-T1;93\n2024-T1;11;73\n2024-T1;99;50\n"

// badRowsReasons are the reasons kept for badRowsCSV: the messages a run
// without skip_invalid_rows fails with, the catalog's last.
var badRowsReasons = []string{
	`row 4, column "taux_ins_qualifiees": "abc" is not a number`,
	`row 5, column "trimestre": "2024-T5" is not a time in format YYYY-Qn`,
	`row 6: 2 fields, want at least 3: is the row cut short?`,
	`row 7: same point as row 2: set csv.aggregate to combine rows`,
	`row 8: labels.region: "99" is not an INSEE region code (e.g. 84, 93, 94)`,
}

// logRecords is a slog handler's output, one JSON record a line.
type logRecords struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logRecords) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// find returns the records with message msg.
func (l *logRecords) find(t *testing.T, msg string) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(l.buf.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// TestSkippedReasons checks that a run with skip_invalid_rows says which
// rows it skipped and why, in its state (across a restart) and in one
// warning of the log; and that a failed run or a clean one clears them.
func TestSkippedReasons(t *testing.T) {
	var body atomic.Value
	body.Store(badRowsCSV)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if s := body.Load().(string); s != "" {
			w.Write([]byte(s))
			return
		}
		http.Error(w, "gone", http.StatusNotFound)
	}))
	defer srv.Close()
	dir := t.TempDir()
	toml := fmt.Sprintf(faultPuller, srv.URL, 0, "skip_invalid_rows = true")
	logs := &logRecords{}
	withLog := func(o *Options) { o.Logger = slog.New(slog.NewJSONHandler(logs, nil)) }
	h := newHarness(t, dir, nil)
	m := h.manager(t, toml, withLog)

	st := mustRun(t, m, "ins")
	if want := (Points{New: 2, Invalid: 5}); st.Points != want {
		t.Errorf("points %+v, want %+v", st.Points, want)
	}
	equalLines(t, "skipped reasons", st.SkippedReasons, badRowsReasons)
	warns := logs.find(t, "invalid rows skipped")
	wantLog := strings.Join(badRowsReasons, "; ")
	if len(warns) != 1 || warns[0]["level"] != "WARN" || warns[0]["collector"] != "ins" ||
		warns[0]["skipped_invalid"] != 5.0 || warns[0]["first"] != wantLog {
		t.Errorf("log records %q = %v, want one warning with 5 skipped and first %q", "invalid rows skipped", warns, wantLog)
	}

	// A restart reads them back from the store.
	h.store.Close()
	h = newHarness(t, dir, nil)
	m = h.manager(t, toml, withLog)
	st, _ = m.State("ins")
	equalLines(t, "skipped reasons after a restart", st.SkippedReasons, badRowsReasons)

	body.Store("")
	if st, _ = runNow(t, m, "ins"); st.SkippedReasons != nil {
		t.Errorf("after a failed run: skipped reasons %q, want none", st.SkippedReasons)
	}
	body.Store(goodCSV)
	if st = mustRun(t, m, "ins"); st.SkippedReasons != nil || st.Points.Invalid != 0 {
		t.Errorf("after a clean run: %d invalid, reasons %q, want none", st.Points.Invalid, st.SkippedReasons)
	}
	if warns := logs.find(t, "invalid rows skipped"); len(warns) != 1 {
		t.Errorf("%d warnings of skipped rows after a clean run, want still 1", len(warns))
	}
}

// TestSkippedReasonsBounded checks that a run keeps the first reasons only,
// and counts them all.
func TestSkippedReasonsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(goodCSV)
	for i := range 25 {
		fmt.Fprintf(&b, "2024-T1;93;x%d\n", i)
	}
	srv := httptest.NewServer(body(b.String()))
	defer srv.Close()
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(faultPuller, srv.URL, 0, "skip_invalid_rows = true"))
	st := mustRun(t, m, "ins")
	if st.Points.Invalid != 25 || len(st.SkippedReasons) != maxSkippedShown {
		t.Fatalf("%d invalid, %d reasons; want 25 and %d", st.Points.Invalid, len(st.SkippedReasons), maxSkippedShown)
	}
	if want := `row 13, column "taux_ins_qualifiees": "x9" is not a number`; st.SkippedReasons[maxSkippedShown-1] != want {
		t.Errorf("last reason kept %q, want %q", st.SkippedReasons[maxSkippedShown-1], want)
	}
}

// TestSkippedReasonsFiles checks that the rows a directory puller skips,
// and the points the catalog refuses, name their file.
func TestSkippedReasonsFiles(t *testing.T) {
	dir := t.TempDir()
	writeDrop(t, dir, "a.csv", "mois,systeme,documents\n2025-01,dmp,10\n2025-02,dmp,n/a\n", 1)
	writeDrop(t, dir, "b.csv", "mois,systeme,documents\n2025-13,dmp,1\n2025-03,dmp,-5\n", 2)
	h := newHarness(t, "", nil)
	m := h.manager(t, strings.Replace(fmt.Sprintf(dropPuller, dir), `source = "CNAM export"`, "skip_invalid_rows = true", 1))
	st := mustRun(t, m, "drop")
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	want := []string{
		a + `: row 3, column "documents": "n/a" is not a number`,
		b + `: row 2, column "mois": "2025-13" is not a time in format YYYY-MM`,
		b + `: row 3: value: value -5 is negative, unit per_year`,
	}
	if st.Points.New != 1 || st.Points.Invalid != 3 {
		t.Errorf("points %+v, want 1 new, 3 invalid", st.Points)
	}
	equalLines(t, "skipped reasons", st.SkippedReasons, want)
}

// TestSkippedReasonsJSON checks the reasons of a JSON puller: the item's
// path, page by page.
func TestSkippedReasonsJSON(t *testing.T) {
	srv := httptest.NewServer(body(`[{"t":"2025-01-31","v":1},{"t":"2025-02-28","v":"beaucoup"},{"t":"hier","v":2}]`))
	defer srv.Close()
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(`
[[puller]]
name = "acv"
type = "json"
schedule = "@daily"
indicator = "appli_carte_vitale_users"
url = "%s/acv.json"
skip_invalid_rows = true
  [puller.json]
  time = "t"
  value = "v"
`, srv.URL))
	st := mustRun(t, m, "acv")
	equalLines(t, "skipped reasons", st.SkippedReasons, []string{
		`items.1: value: "beaucoup" is not a number`,
		`items.2: time: "hier" is not a time in format 2006-01-02 or RFC 3339`,
	})
}

// TestOldRecordLoads checks that a state saved before the skipped reasons
// were kept loads as it was, with none.
func TestOldRecordLoads(t *testing.T) {
	h := newHarness(t, "", nil)
	old := `{"state":{"name":"ins","last_result":"success","consecutive_failures":0,"not_modified":false,` +
		`"points":{"new":2,"revised":0,"unchanged":0,"skipped_no_value":0,"skipped_invalid":3}},` +
		`"validators":{"etag":"\"v1\""},"config":"0123456789abcdef"}`
	if err := h.store.PutState(store.StateCollectors, "ins", []byte(old)); err != nil {
		t.Fatal(err)
	}
	m := h.manager(t, fmt.Sprintf(faultPuller, "http://127.0.0.1:9", 0, ""))
	st, _ := m.State("ins")
	if st.LastResult != "success" || st.Points != (Points{New: 2, Invalid: 3}) || st.SkippedReasons != nil {
		t.Errorf("state of an old record = %+v, want success, 2 new, 3 invalid, no reasons", st)
	}
	data, _ := json.Marshal(st)
	if bytes.Contains(data, []byte("skipped_reasons")) {
		t.Errorf("state without reasons = %s, want no skipped_reasons key", data)
	}
}
