package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPushCancelledNeverAcknowledged sends pushes whose connection is
// closed (the request's context cancelled, as net/http does when a client
// half-closes): one whose body is cut short, one whose write is abandoned.
// Neither may answer 200: an empty 200 reads as an acknowledgement of
// points that were never written.
func TestPushCancelledNeverAcknowledged(t *testing.T) {
	body := item(`{"indicator":"` + ind11 + `","time":"2025-01-31","value":1}`)
	tests := []struct {
		name string
		body io.Reader
		want string
	}{
		{"body shorter than announced", io.MultiReader(strings.NewReader(body[:10]), errReader{io.ErrUnexpectedEOF}), "read body: unexpected EOF: nothing was written"},
		{"cancelled before the write", strings.NewReader(body), "the connection was closed before the batch was committed: nothing was written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			r := httptest.NewRequestWithContext(ctx, "POST", "/api/v1/measurements", tt.body)
			r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
			r.Header.Set("Content-Type", "application/json")
			r.ContentLength = int64(len(body))
			w := httptest.NewRecorder()
			h.api.Push().ServeHTTP(w, r)
			if w.Code == http.StatusOK || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("push on a closed connection = %d %q, want an error containing %q", w.Code, w.Body, tt.want)
			}
			if n := h.points(t); n != 0 {
				t.Errorf("%d points stored, want none", n)
			}
		})
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
