package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/wire"
)

// pullerSource serves a small CSV of the INS share (body, when set),
// failing while fail is set; with hold set, each request waits until
// release is closed.
type pullerSource struct {
	body    string
	fail    bool
	hold    bool
	entered chan struct{}
	release chan struct{}
}

func (s *pullerSource) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.hold {
		s.entered <- struct{}{}
		<-s.release
	}
	if s.fail {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
		return
	}
	if s.body != "" {
		fmt.Fprint(w, s.body)
		return
	}
	fmt.Fprint(w, "trimestre;code_region;taux\n2024-T1;11;72,5\n2024-T1;84;68,1\n")
}

// pullerAPI serves the pullers endpoints of a harness, with one puller
// reading from src.
func pullerAPI(t *testing.T, src http.Handler, tokens ...config.Token) http.Handler {
	t.Helper()
	h := newHarness(t, tokens...)
	return pullerMux(h, pullerManager(t, h, src, ""))
}

func pullerMux(h *harness, m *collector.Manager) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /api/v1/pullers", h.api.Pullers(m))
	mux.Handle("POST /api/v1/pullers/{name}/run", h.api.RunPuller(m))
	return mux
}

// pullerManager runs one puller, "ins", reading from src, over the
// harness; extra is added to its table.
func pullerManager(t *testing.T, h *harness, src http.Handler, extra string) *collector.Manager {
	t.Helper()
	srv := httptest.NewServer(src)
	t.Cleanup(srv.Close)
	d, err := config.ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(fmt.Sprintf(`
[[puller]]
name = "ins"
type = "csv"
schedule = "0 6 * * *"
indicator = "ins_qualified_share"
url = "%s/ins.csv"
retries = 0
%s
  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux"
  label_columns = { region = "code_region" }
`, srv.URL, extra))})
	if err != nil {
		t.Fatal(err)
	}
	pipe, err := ingest.NewPipeline(h.store, h.eval.Catalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	pipe.OnWrite(h.eval.Touch)
	m, err := collector.New(collector.Options{Pullers: d.Pullers, Pipeline: pipe, Store: h.store, Catalog: h.eval.Catalog(),
		Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func pullersCall(h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPullersAPI(t *testing.T) {
	src := &pullerSource{}
	api := pullerAPI(t, src)

	w := pullersCall(api, "GET", "/api/v1/pullers")
	list := decodeBody[struct{ Pullers []wire.Puller }](t, w)
	if w.Code != http.StatusOK || len(list.Pullers) != 1 || list.Pullers[0].Name != "ins" || list.Pullers[0].LastResult != "" {
		t.Errorf("GET /api/v1/pullers = %d %s, want the one puller, never run", w.Code, w.Body)
	}

	w = pullersCall(api, "POST", "/api/v1/pullers/ins/run")
	st := decodeBody[wire.Puller](t, w)
	if w.Code != http.StatusOK || st.LastResult != "success" || st.Points.New != 2 {
		t.Errorf("POST run = %d %s, want 200 and 2 new points", w.Code, w.Body)
	}

	src.fail = true
	w = pullersCall(api, "POST", "/api/v1/pullers/ins/run")
	body := decodeBody[wire.Error](t, w)
	if w.Code != http.StatusBadGateway || body.Error != `puller "ins" failed` || len(body.Details) != 1 ||
		!strings.HasSuffix(body.Details[0], "/ins.csv: 503 Service Unavailable") {
		t.Errorf("POST run of a failing source = %d %s, want 502 with the reason", w.Code, w.Body)
	}

	if w = pullersCall(api, "POST", "/api/v1/pullers/nope/run"); w.Code != http.StatusNotFound {
		t.Errorf("POST run of an unknown puller = %d %s, want 404", w.Code, w.Body)
	}
}

func TestRunPullerConflict(t *testing.T) {
	src := &pullerSource{hold: true, entered: make(chan struct{}), release: make(chan struct{})}
	api := pullerAPI(t, src)
	first := make(chan *httptest.ResponseRecorder)
	go func() { first <- pullersCall(api, "POST", "/api/v1/pullers/ins/run") }()
	<-src.entered // the first run is at the source
	if w := pullersCall(api, "POST", "/api/v1/pullers/ins/run"); w.Code != http.StatusConflict {
		t.Errorf("POST run during a run = %d %s, want 409", w.Code, w.Body)
	}
	w := pullersCall(api, "GET", "/api/v1/pullers")
	if list := decodeBody[struct{ Pullers []wire.Puller }](t, w); !list.Pullers[0].Running {
		t.Errorf("GET /api/v1/pullers during a run = %s, want running", w.Body)
	}
	close(src.release)
	if w := <-first; w.Code != http.StatusOK {
		t.Errorf("first POST run = %d %s, want 200", w.Code, w.Body)
	}
}

func TestPullersAuth(t *testing.T) {
	reader := config.Token{Name: "grafana", Hash: config.HashToken("r"), Scopes: []config.Scope{config.ScopeRead}}
	admin := config.Token{Name: "ops", Hash: config.HashToken("a"), Scopes: []config.Scope{config.ScopeAdmin}}
	api := pullerAPI(t, &pullerSource{}, reader, admin)
	tests := []struct {
		name, method, path, token string
		code                      int
	}{
		{"list without token", "GET", "/api/v1/pullers", "", http.StatusUnauthorized},
		{"list with read", "GET", "/api/v1/pullers", "r", http.StatusOK},
		{"run with read", "POST", "/api/v1/pullers/ins/run", "r", http.StatusForbidden},
		{"run with admin", "POST", "/api/v1/pullers/ins/run", "a", http.StatusOK},
	}
	for _, tc := range tests {
		var header []string
		if tc.token != "" {
			header = []string{"Authorization", "Bearer " + tc.token}
		}
		if w := pullersCall(api, tc.method, tc.path, header...); w.Code != tc.code {
			t.Errorf("%s: %s %s = %d %s, want %d", tc.name, tc.method, tc.path, w.Code, w.Body, tc.code)
		}
	}
}

// skippedCSV has two good rows and three a puller with skip_invalid_rows
// skips.
const skippedCSV = "trimestre;code_region;taux\n2024-T1;11;72,5\n2024-T1;84;abc\n2024-T5;93;1\n2024-T1;99;4\n2024-T1;93;68,1\n"

// skippedReasons are skippedCSV's reasons, as a run without
// skip_invalid_rows would fail with them.
var skippedReasons = []string{
	`row 3, column "taux": "abc" is not a number`,
	`row 4, column "trimestre": "2024-T5" is not a time in format YYYY-Qn`,
	`row 5: labels.region: "99" is not an INSEE region code (e.g. 84, 93, 94)`,
}

func TestPullersAPISkippedReasons(t *testing.T) {
	h := newHarness(t)
	api := pullerMux(h, pullerManager(t, h, &pullerSource{body: skippedCSV}, "skip_invalid_rows = true"))
	if w := pullersCall(api, "POST", "/api/v1/pullers/ins/run"); w.Code != http.StatusOK {
		t.Fatalf("POST run = %d %s, want 200", w.Code, w.Body)
	}
	w := pullersCall(api, "GET", "/api/v1/pullers")
	var list struct {
		Pullers []struct {
			Points struct {
				New     int `json:"new"`
				Invalid int `json:"skipped_invalid"`
			} `json:"points"`
			SkippedReasons []string `json:"skipped_reasons"`
		} `json:"pullers"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || len(list.Pullers) != 1 {
		t.Fatalf("GET /api/v1/pullers = %d %s (%v), want one puller", w.Code, w.Body, err)
	}
	p := list.Pullers[0]
	if p.Points.New != 2 || p.Points.Invalid != 3 || !slices.Equal(p.SkippedReasons, skippedReasons) {
		t.Errorf("GET /api/v1/pullers = %s\nwant 2 new, 3 skipped_invalid, skipped_reasons %q", w.Body, skippedReasons)
	}
}
