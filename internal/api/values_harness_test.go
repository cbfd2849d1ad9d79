package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/exposition"
	"github.com/jalonhq/jalon/store"
)

// valuesNow is the clock of the value tests: late 2026, so that the points
// of issue 10, dated 2026-11-30, are not in the future.
var valuesNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// logBuffer collects a logger's lines; handlers may log from the server's
// goroutines while the test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// valuesHarness is an API at valuesNow over a real store whose arrivals are
// stamped an hour before, so that a report at valuesNow sees every point,
// logging at debug level into logs, with every route it serves mounted as
// the daemon mounts them (Instrument).
type valuesHarness struct {
	*harness
	logs *logBuffer
	mux  *http.ServeMux
}

func newValuesHarness(t testing.TB) *valuesHarness {
	t.Helper()
	logs := &logBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	arrival := func() time.Time { return valuesNow.Add(-time.Hour) }
	base := newHarnessAt(t, valuesNow, store.Options{Now: arrival}, Options{Logger: logger})
	api, ev, reg := base.api, base.eval, base.reg
	h := &valuesHarness{harness: base, logs: logs, mux: http.NewServeMux()}
	for pattern, handler := range map[string]http.Handler{
		"POST /api/v1/measurements":          api.Push(),
		"GET /api/v1/objectives":             api.Objectives(),
		"GET /api/v1/indicators/{id}":        api.Indicator(),
		"GET /api/v1/indicators/{id}/series": api.Series(),
		"GET /api/v1/indicators/{id}/plan":   api.Plan(),
		"GET /api/v1/report":                 api.Report(),
		"GET /metrics":                       exposition.New(ev.Snapshot, reg),
	} {
		h.mux.Handle(pattern, api.Instrument(pattern, handler))
	}
	return h
}

// serve sends a request from a loopback client.
func (h *valuesHarness) serve(method, path, contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.mux.ServeHTTP(w, r)
	return w
}

// seriesRef names one series: an indicator and its labels.
type seriesRef struct {
	indicator string
	labels    map[string]string
}

// readRoutes lists the read routes of the series: the catalog-wide ones,
// then the indicator, its stored history and its plan for each.
func readRoutes(series []seriesRef) []string {
	routes := []string{"/api/v1/objectives", "/metrics"}
	for _, f := range []string{"json", "markdown", "html", "csv"} {
		routes = append(routes, "/api/v1/report?format="+f)
	}
	for _, s := range series {
		id := url.PathEscape(s.indicator)
		q := ""
		if len(s.labels) > 0 {
			var pairs []string
			for _, l := range indicators.NewLabels(s.labels) {
				pairs = append(pairs, l.Name+"="+l.Value)
			}
			q = "?labels=" + url.QueryEscape(strings.Join(pairs, ","))
		}
		routes = append(routes, "/api/v1/indicators/"+id, "/api/v1/indicators/"+id+"/series"+q, "/api/v1/indicators/"+id+"/plan"+q)
	}
	return routes
}

// checkReadRoutes asserts that each route answers 200 with a non-empty
// body that parses as what it claims to be.
func (h *valuesHarness) checkReadRoutes(t *testing.T, series []seriesRef) {
	t.Helper()
	for _, route := range readRoutes(series) {
		w := h.serve("GET", route, "", "")
		if w.Code != http.StatusOK || w.Body.Len() == 0 {
			t.Errorf("GET %s = %d with %d bytes %.300q, want 200 with a body", route, w.Code, w.Body.Len(), w.Body)
			continue
		}
		if err := wellFormed(route, w.Body.Bytes()); err != nil {
			t.Errorf("GET %s: %v in %.300q", route, err, w.Body)
		}
	}
}

// wellFormed parses body as the route's format.
func wellFormed(route string, body []byte) error {
	switch {
	case route == "/metrics":
		p := expfmt.NewTextParser(model.UTF8Validation)
		_, err := p.TextToMetricFamilies(bytes.NewReader(body))
		return err
	case strings.HasSuffix(route, "format=csv"):
		_, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		return err
	case strings.HasSuffix(route, "format=html"):
		if !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) {
			return fmt.Errorf("HTML does not end with </html>")
		}
	case strings.HasSuffix(route, "format=markdown"):
		if !bytes.HasPrefix(body, []byte("# ")) {
			return fmt.Errorf("Markdown does not start with a title")
		}
	default:
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
	}
	return nil
}
