package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// rfc3339 matches a JSON string holding a time of day: a date and a time
// with a zone. Plain dates ("2026-12-31") are days, not moments, and have
// no zone to name.
var rfc3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$`)

// TestAPITimesAreUTC runs the daemon with a puller scheduled in
// Europe/Paris (the default zone), pushes points, runs the puller, then
// reads every GET route of the JSON API and checks that every time in
// every answer is UTC RFC 3339: /api/v1/pullers once mixed "+01:00" (the
// schedule's zone) and "Z".
func TestAPITimesAreUTC(t *testing.T) {
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("trimestre;taux\n2025-Q1;0.5\n"))
	}))
	defer src.Close()
	d := assembleWithTokens(t, fmt.Sprintf(`timezone = "Europe/Paris"
[[puller]]
name = "ins"
type = "csv"
schedule = "0 6 1 1 *"
indicator = "ins_qualified_share"
url = "%s/ins.csv"
  [puller.csv]
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux"
`, src.URL))
	startParts(t, d)
	request(t, d.handler, "POST", "/api/v1/measurements",
		`{"measurements":[{"indicator":"mes_documents_fed_per_year","time":"2025-01-31T23:30:00+01:00","value":1}]}`)
	request(t, d.handler, "POST", "/api/v1/pullers/ins/run", "")
	request(t, d.handler, "POST", "/api/v1/objectives/1-1/assessments",
		`{"rating":"amber_green","comment":"en bonne voie","author":"Mme Durand"}`)
	for _, r := range d.routes {
		method, path, _ := strings.Cut(r.pattern, " ")
		if method != "GET" || !strings.HasPrefix(path, "/api/") {
			continue
		}
		target := concrete(path)
		if path == "/api/v1/report" {
			target += "?format=json"
		}
		w := request(t, d.handler, method, target, "")
		if !strings.Contains(w.Header().Get("Content-Type"), "json") {
			continue // the backup is a bbolt file
		}
		for _, s := range jsonTimes(t, path, w.Body.Bytes()) {
			if !strings.HasSuffix(s, "Z") {
				t.Errorf("GET %s: time %q, want UTC RFC 3339 ending in Z", path, s)
			}
		}
	}
}

// startParts runs the daemon's background parts (pullers, alerting) until
// the test ends.
func startParts(t *testing.T, d *components) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, p := range d.parts {
		wg.Go(func() { p.Run(ctx) })
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// request serves one request, failing on an error status.
func request(t *testing.T, h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.RemoteAddr, r.Host = "127.0.0.1:4321", "127.0.0.1" // writes without tokens come from loopback
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code >= 400 {
		t.Fatalf("%s %s = %d %s", method, target, w.Code, w.Body)
	}
	return w
}

// jsonTimes returns every string of a JSON body, or of each line of a
// JSON-lines body, that reads as a time of day.
func jsonTimes(t *testing.T, path string, body []byte) []string {
	var out []string
	dec := json.NewDecoder(strings.NewReader(string(body)))
	for dec.More() {
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, body)
		}
		out = append(out, walkTimes(v)...)
	}
	return out
}

func walkTimes(v any) []string {
	var out []string
	switch v := v.(type) {
	case string:
		if rfc3339.MatchString(v) {
			out = append(out, v)
		}
	case []any:
		for _, e := range v {
			out = append(out, walkTimes(e)...)
		}
	case map[string]any:
		for _, e := range v {
			out = append(out, walkTimes(e)...)
		}
	}
	return out
}

// TestDisplayZoneWired checks that the configuration's timezone reaches
// the pages and the reports people read: both wrote UTC whatever it said.
func TestDisplayZoneWired(t *testing.T) {
	d := assembleWithTokens(t, `timezone = "Asia/Tokyo"`)
	for _, tt := range []struct{ target, want string }{
		{"/?lang=en", "Times in Asia/Tokyo."},
		{"/api/v1/report?format=markdown&lang=en&at=2025-06-30T12:00:00Z", "30 June 2025, 21:00 (Asia/Tokyo)"},
		{"/api/v1/report?format=html&lang=fr&at=2025-06-30T12:00:00Z", "Heures en Asia/Tokyo"},
	} {
		if body := request(t, d.handler, "GET", tt.target, "").Body.String(); !strings.Contains(body, tt.want) {
			t.Errorf("GET %s lacks %q", tt.target, tt.want)
		}
	}
}
