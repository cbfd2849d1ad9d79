package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/wire"
)

// assessDo sends a request to the assessment routes with a bearer secret.
func assessDo(t *testing.T, h *harness, book *assessment.Book, method, path, secret, body string) *httptest.ResponseRecorder {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("POST /api/v1/objectives/{id}/assessments", h.api.Assess(book))
	mux.Handle("GET /api/v1/objectives/{id}/assessments", h.api.Assessments(book))
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.RemoteAddr, r.Host = "192.0.2.1:40000", "jalon.example"
	if secret != "" {
		r.Header.Set("Authorization", "Bearer "+secret)
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	return w
}

// TestAssessScopes: an assess scope records assessments of the objectives
// its glob matches only; read and write scopes record none.
func TestAssessScopes(t *testing.T) {
	h := newHarness(t,
		config.Token{Name: "reader", Hash: config.HashToken("r"), Scopes: []config.Scope{"read"}},
		config.Token{Name: "pusher", Hash: config.HashToken("w"), Scopes: []config.Scope{"write:*"}},
		config.Token{Name: "dns", Hash: config.HashToken("a"), Scopes: []config.Scope{"assess:1-*", "read"}})
	book := assessment.NewBook(h.store)
	body := `{"rating":"green","comment":"Tout va bien","author":"Mme Durand"}`
	tests := []struct {
		name, path, secret string
		want               int
		wantBody           string
	}{
		{"no token", "/api/v1/objectives/1-1/assessments", "", http.StatusUnauthorized, "missing or unknown bearer token"},
		{"read token", "/api/v1/objectives/1-1/assessments", "r", http.StatusForbidden, `token \"reader\" has no assess scope for objective 1-1`},
		{"write token", "/api/v1/objectives/1-1/assessments", "w", http.StatusForbidden, "no assess scope"},
		{"glob not matching", "/api/v1/objectives/2-1/assessments", "a", http.StatusForbidden, "no assess scope for objective 2-1"},
		{"glob matching", "/api/v1/objectives/1-1/assessments", "a", http.StatusCreated, `"author":"Mme Durand"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := assessDo(t, h, book, "POST", tc.path, tc.secret, body)
			if w.Code != tc.want || !strings.Contains(w.Body.String(), tc.wantBody) {
				t.Errorf("POST %s = %d %s, want %d with %s", tc.path, w.Code, w.Body, tc.want, tc.wantBody)
			}
		})
	}
	hist, err := book.History("")
	if err != nil || len(hist) != 1 {
		t.Fatalf("History = %+v, %v; want the one assessment allowed", hist, err)
	}
}

// TestAssessHistoryAndDivergence: the history lists every assessment; the
// objective's latest, green where the figures say red, diverges.
func TestAssessHistoryAndDivergence(t *testing.T) {
	h := newHarness(t, config.Token{Name: "admin", Hash: config.HashToken("x"), Scopes: []config.Scope{"admin"}})
	book := assessment.NewBook(h.store)
	const path = "/api/v1/objectives/1-1/assessments"
	for _, body := range []string{
		`{"rating":"red","comment":"En retard"}`,
		`{"rating":"green","comment":"Rattrapé","actions":"Relance"}`,
	} {
		if w := assessDo(t, h, book, "POST", path, "x", body); w.Code != http.StatusCreated {
			t.Fatalf("POST %s = %d %s", body, w.Code, w.Body)
		}
	}
	bad := assessDo(t, h, book, "POST", path, "x", `{"rating":"sunny","comment":"","indicator":"nowhere"}`)
	if bad.Code != http.StatusBadRequest || !strings.Contains(bad.Body.String(), `indicator \"nowhere\": not an indicator of objective 1-1`) {
		t.Errorf("POST invalid = %d %s, want 400 naming the indicator", bad.Code, bad.Body)
	}
	w := assessDo(t, h, book, "GET", path, "x", "")
	var got wire.Assessments
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 {
		t.Fatalf("GET %s = %d %s", path, w.Code, w.Body)
	}
	if len(got.Assessments) != 2 || got.Assessments[0].Rating != "red" || got.Assessments[1].Author != "admin" {
		t.Errorf("GET %s = %+v, want both assessments, oldest first, by the token admin", path, got.Assessments)
	}
	// The harness has no points: the figures give no rating, so no divergence.
	if got.ComputedConfidence == "red" || got.Diverges {
		t.Errorf("GET %s: computed %s diverges %v, want no rating and no divergence without figures", path, got.ComputedConfidence, got.Diverges)
	}
}
