package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/store"
)

// deleteDaemon serves the push and deletion API over a real store holding
// two regional series of cdri_user_establishments, and returns its URL.
func deleteDaemon(t *testing.T) (string, *store.Store) {
	t.Helper()
	st, ev, pipe := ingestStack(t)
	api, err := api.New(st, ev, wired(st, pipe, api.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /api/v1/measurements", api.Push())
	mux.Handle("DELETE /api/v1/indicators/{id}/series", api.DeleteSeries())
	mux.Handle("DELETE /api/v1/indicators/{id}/points", api.DeletePoint())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	body := `{"measurements":[{"indicator":"cdri_user_establishments","labels":{"region":"84"},"time":"2024-01-31","value":10,"source":"ANS"},
		{"indicator":"cdri_user_establishments","labels":{"region":"84"},"time":"2024-02-29","value":12},
		{"indicator":"cdri_user_establishments","labels":{"region":"93"},"time":"2024-01-31","value":999,"source":"test"}]}`
	resp, err := http.Post(srv.URL+"/api/v1/measurements", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("push: %s", resp.Status)
	}
	return srv.URL, st
}

func TestDeleteCommand(t *testing.T) {
	url, st := deleteDaemon(t)
	stdout, stderr, code := runCLI(t, "", "delete", "series", "--url", url, "--labels", "region=93", "--reason", "test push", "cdri_user_establishments")
	want := "deleted 1 point of cdri_user_establishments\nlabels region=93 (series deleted):\n  2024-01-31T00:00:00Z  999  test\n"
	if code != 0 || stdout != want {
		t.Errorf("delete series = %d\n%s%s\nwant 0\n%s", code, stdout, stderr, want)
	}
	stdout, stderr, code = runCLI(t, "", "delete", "point", "--url", url, "--labels", "region=84", "--reason", "wrong month", "cdri_user_establishments", "2024-02-29")
	want = "deleted 1 point of cdri_user_establishments\nlabels region=84:\n  2024-02-29T00:00:00Z  12  -\n"
	if code != 0 || stdout != want {
		t.Errorf("delete point = %d\n%s%s\nwant 0\n%s", code, stdout, stderr, want)
	}
	if n := st.Stats().Points; n != 1 {
		t.Errorf("store holds %d points, want 1", n)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no reason", []string{"delete", "series", "--url", url, "--labels", "region=84", "cdri_user_establishments"}, 2, "--reason is required"},
		{"no indicator", []string{"delete", "series", "--url", url, "--reason", "x"}, 2, "want one INDICATOR, got 0 arguments"},
		{"no time", []string{"delete", "point", "--url", url, "--reason", "x", "cdri_user_establishments"}, 2, "want INDICATOR and TIME"},
		{"unknown point", []string{"delete", "point", "--url", url, "--labels", "region=84", "--reason", "x", "cdri_user_establishments", "2020-01-01"}, 1, "404 Not Found"},
	} {
		if _, stderr, code := runCLI(t, "", c.args...); code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: %v = %d %q, want %d with %q", c.name, c.args, code, stderr, c.code, c.want)
		}
	}
}

func TestConfirm(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{{"y\n", true}, {"YES\n", true}, {"\n", false}, {"n\n", false}, {"", false}, {"yes please\n", false}} {
		var out strings.Builder
		got, err := confirm(strings.NewReader(c.in), &out, "Delete it?")
		if err != nil || got != c.want || out.String() != "Delete it? [y/N] " {
			t.Errorf("confirm(%q) = %v, %v, prompt %q; want %v", c.in, got, err, out.String(), c.want)
		}
	}
}
