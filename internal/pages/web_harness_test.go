package pages

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// page GETs path from the pages handler as a loopback client.
func page(t testing.TB, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	r.RemoteAddr = "127.0.0.1:40000"
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// pushPagesFixture pushes the exposition's fixture, a revision of one of
// its points, and a series that is far behind plan.
func pushPagesFixture(t *testing.T, h *harness) {
	t.Helper()
	pushFixture(t, h)
	revise := item(`{"indicator":"` + ind11 + `","time":"2025-02-28","value":2.35e7,"source":"cnam-revised"},
		{"indicator":"` + indPercent + `","time":"2025-02-28","value":30,"source":"drees"},
		{"indicator":"` + indPercent + `","time":"2025-05-31","value":38,"source":"drees"}`)
	if w := h.push(t, revise); w.Code != 200 {
		t.Fatalf("push revision = %d %s", w.Code, w.Body)
	}
	h.refresh(t)
}
