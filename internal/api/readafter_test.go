package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/pages"
)

// TestReadAfterPush reads each evaluated route right after a push, with
// nothing else evaluating in between (no Run loop here, as in the daemon
// between two refreshes): every one of them shows the point just pushed.
// Before, `jalonctl push; jalonctl status` showed no data three times out
// of three.
func TestReadAfterPush(t *testing.T) {
	routes := []struct {
		path string
		page bool
	}{
		{"/api/v1/indicators/" + ind11, false},
		{"/api/v1/objectives", false},
		{"/indicators/" + ind11, true},
		{"/objectives/1-1", true},
		{"/", true},
	}
	for _, route := range routes {
		t.Run(route.path, func(t *testing.T) {
			h := newHarness(t)
			const day, shown = "2025-05-31", "31000000"
			if w := h.push(t, item(`{"indicator":"`+ind11+`","time":"`+day+`","value":`+shown+`}`)); w.Code != http.StatusOK {
				t.Fatalf("push = %d %s", w.Code, w.Body)
			}
			var body string
			if route.page {
				r := httptest.NewRequest("GET", route.path, nil)
				w := httptest.NewRecorder()
				pages.New(pages.Options{Evaluator: h.eval, Store: h.store, Auth: h.api}).ServeHTTP(w, r)
				body = w.Body.String()
			} else {
				body = h.do(t, "GET", route.path, "", "").Body.String()
			}
			if !strings.Contains(body, day) {
				t.Errorf("GET %s right after a push of %s does not show it:\n%.1500s", route.path, day, body)
			}
		})
	}
	t.Run("plan", func(t *testing.T) {
		h := newHarness(t)
		h.push(t, item(`{"indicator":"`+ind11+`","time":"2025-06-30","value":31000000}`))
		if body := h.do(t, "GET", "/api/v1/indicators/"+ind11+"/plan", "", "").Body.String(); strings.Contains(body, `"status":"no_data"`) {
			t.Errorf("GET plan right after a push: %.300s, want the point's status", body)
		}
	})
}
