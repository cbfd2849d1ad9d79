package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/assessment"
)

// TestAssess records an assessment through the API and lists the history.
func TestAssess(t *testing.T) {
	st, ev, pipe := ingestStack(t)
	a, err := api.New(st, ev, wired(st, pipe, api.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	book := assessment.NewBook(st)
	mux := http.NewServeMux()
	mux.Handle("POST /api/v1/objectives/{id}/assessments", a.Assess(book))
	mux.Handle("GET /api/v1/objectives/{id}/assessments", a.Assessments(book))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	stdout, stderr, code := runCLI(t, "", "assess", "--url", srv.URL, "--rating", "amber_red", "--comment", "Retard des éditeurs",
		"--actions", "Relance", "--author", "Mme Durand", "1-1")
	if code != 0 || !strings.Contains(stdout, "1-1  amber_red  by Mme Durand: Retard des éditeurs — actions: Relance") {
		t.Fatalf("assess = %d\n%s%s", code, stdout, stderr)
	}
	_, stderr, code = runCLI(t, "", "assess", "--url", srv.URL, "--rating", "sunny", "--comment", "x", "1-1")
	if code == 0 || !strings.Contains(stderr, `rating \"sunny\": want one of green, amber_green, amber_red, red`) && !strings.Contains(stderr, `rating "sunny": want one of green, amber_green, amber_red, red`) {
		t.Errorf("assess --rating sunny = %d %s, want the rating refused", code, stderr)
	}
	stdout, stderr, code = runCLI(t, "", "assess", "--url", srv.URL, "--history", "1-1")
	if code != 0 || !strings.Contains(stdout, "objective 1-1, computed confidence") || !strings.HasSuffix(stdout, "1 assessment\n") {
		t.Errorf("assess --history = %d\n%s%s", code, stdout, stderr)
	}
}
