package api

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/wire"
)

// TestWriteJSONEncodesBeforeWriting answers a value JSON cannot carry: the
// status used to go out first, and the client got 200 with an empty body
// while the error was dropped.
func TestWriteJSONEncodesBeforeWriting(t *testing.T) {
	h := newValuesHarness(t)
	handler := h.api.Instrument("/test", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, struct{ Value float64 }{math.Inf(1)})
	}))
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, httptest.NewRequest("GET", "/test", nil))
	got := decodeBody[wire.Error](t, w)
	if w.Code != http.StatusInternalServerError || !strings.HasPrefix(got.Error, "encode response: json: unsupported value: +Inf") {
		t.Errorf("writeJSON(+Inf) = %d %q, want 500 with a JSON error", w.Code, w.Body)
	}
	if logs := h.logs.String(); !strings.Contains(logs, `level=ERROR msg="answer request" route=/test code=500 err="encode response: json: unsupported value: +Inf"`) {
		t.Errorf("logs = %q, want the encoding failure at error level", logs)
	}
}

// TestStreamsOnAClosedStore reads the history and the report when the store
// fails before anything was sent: the series route answered 200 with an
// empty body (issue 10, finding 3).
func TestStreamsOnAClosedStore(t *testing.T) {
	h := newValuesHarness(t)
	if err := h.store.Close(); err != nil {
		t.Fatal(err)
	}
	for _, route := range []string{"/api/v1/indicators/" + ind11 + "/series", "/api/v1/report?format=csv", "/api/v1/report?format=html"} {
		w := h.serve("GET", route, "", "")
		got := decodeBody[wire.Error](t, w)
		if w.Code != http.StatusServiceUnavailable || got.Error != "store closed: jalond is stopping; retry once it has restarted" ||
			w.Header().Get("Retry-After") == "" || w.Header().Get("Content-Disposition") != "" {
			t.Errorf("GET %s on a closed store = %d %v %q, want 503 saying to retry", route, w.Code, w.Header(), w.Body)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("GET %s on a closed store: Content-Type %q, want JSON", route, ct)
		}
	}
	if logs := h.logs.String(); strings.Count(logs, "level=ERROR") != 3 {
		t.Errorf("logs = %q, want one error line per failed read", logs)
	}
}

// TestStreamCutAfterPartialBody fails a stream once part of it is out: the
// client must see the body cut short, not a well-formed end.
func TestStreamCutAfterPartialBody(t *testing.T) {
	h := newValuesHarness(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := &streamOut{w: w}
		bw := bufio.NewWriterSize(out, 32<<10)
		bw.WriteString("[" + strings.Repeat(`"x",`, 20000))
		h.api.failStream(w, r, out, bw, errors.New("disk on fire"), "read series")
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading a failed stream = %v, want %v", err, io.ErrUnexpectedEOF)
	}
	srv.Close() // waits for the handler, and its log line
	if logs := h.logs.String(); !strings.Contains(logs, `level=ERROR msg="read series" err="disk on fire" bytes=`) {
		t.Errorf("logs = %q, want the failure at error level", logs)
	}
}

// TestSeriesClientGone reads a long history and hangs up: each such client
// logged a line at error level, a flood under many (issue 10, finding 9).
func TestSeriesClientGone(t *testing.T) {
	h := newValuesHarness(t)
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for c := range 20 {
		ms := make([]indicators.Measurement, 5000)
		for i := range ms {
			ms[i] = indicators.Measurement{Indicator: ind11, Time: start.Add(time.Duration(c*len(ms)+i) * time.Minute), Value: float64(i)}
		}
		if _, err := h.store.Write(context.Background(), ms, "test"); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(h.mux)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/v1/indicators/" + ind11 + "/series")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // unread data in the socket: the server's next writes fail
	srv.Close()
	logs := h.logs.String()
	if strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, `level=DEBUG msg="client went away"`) {
		t.Errorf("logs = %q, want one line at debug level, none at error", logs)
	}
}
