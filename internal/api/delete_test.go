package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/wire"
)

func deletePath(route string, params ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	return "/api/v1/indicators/" + indRegion + "/" + route + "?" + q.Encode()
}

// TestDeleteSeriesAndPoint deletes a mistaken regional series and one
// point: the answer lists the values removed, and the series leaves the
// evaluation and /metrics.
func TestDeleteSeriesAndPoint(t *testing.T) {
	h := newHarness(t, editTokens...)
	body := item(`{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2024-01-31","value":10},
		{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2024-02-29","value":12},
		{"indicator":"` + indRegion + `","labels":{"region":"93"},"time":"2024-01-31","value":999}`)
	if w := h.push(t, body, bearer("ops-secret")...); w.Code != http.StatusOK {
		t.Fatalf("push: %d %s", w.Code, w.Body)
	}
	h.refresh(t)
	if m := h.do(t, "GET", "/metrics", "", "").Body.String(); !strings.Contains(m, `region="93"`) {
		t.Fatalf("/metrics before the deletion lacks region 93")
	}
	w := h.do(t, "DELETE", deletePath("series", "labels", "region=93", "reason", "test push"), "", "", bearer("ops-secret")...)
	if w.Code != http.StatusOK {
		t.Fatalf("DELETE series: %d %s", w.Code, w.Body)
	}
	got := decodeBody[wire.Deletion](t, w)
	if got.Points != 1 || len(got.Series) != 1 || got.Series[0].Points[0].Value != 999 || !got.Series[0].Gone || got.Series[0].Labels["region"] != "93" {
		t.Errorf("DELETE series answered %s, want the one point 999 of region 93", w.Body)
	}
	h.refresh(t)
	if m := h.do(t, "GET", "/metrics", "", "").Body.String(); strings.Contains(m, `region="93"`) {
		t.Errorf("/metrics still exposes region 93 after its deletion")
	}
	if s := h.do(t, "GET", "/api/v1/indicators/"+indRegion+"/series", "", "").Body.String(); strings.Contains(s, `"93"`) {
		t.Errorf("GET series still lists region 93: %s", s)
	}

	w = h.do(t, "DELETE", deletePath("points", "labels", "region=84", "time", "2024-02-29", "reason", "wrong month"), "", "", bearer("ops-secret")...)
	if w.Code != http.StatusOK {
		t.Fatalf("DELETE point: %d %s", w.Code, w.Body)
	}
	if got := decodeBody[wire.Deletion](t, w); got.Points != 1 || got.Series[0].Points[0].Value != 12 || got.Series[0].Gone {
		t.Errorf("DELETE point answered %s, want the point 12, series kept", w.Body)
	}
	if n := h.points(t); n != 1 {
		t.Errorf("store holds %d points after the deletions, want 1", n)
	}
	entries, err := h.store.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if last := entries[len(entries)-1]; last.Actor != "ops" || last.Reason != "wrong month" || len(last.Removed) != 1 {
		t.Errorf("last audit entry = %+v, want the deletion by ops with its reason and value", last)
	}
}

// TestDeleteRefused checks each refusal: its status, what it says, and that
// the store is unchanged.
func TestDeleteRefused(t *testing.T) {
	h := newHarness(t, editTokens...)
	body := item(`{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2024-01-31","value":10},
		{"indicator":"` + indRegion + `","labels":{"region":"93"},"time":"2024-01-31","value":11}`)
	if w := h.push(t, body, bearer("ops-secret")...); w.Code != http.StatusOK {
		t.Fatalf("push: %d %s", w.Code, w.Body)
	}
	admin := bearer("ops-secret")
	for _, c := range []struct {
		name   string
		path   string
		header []string
		code   int
		want   string
	}{
		{"no reason", deletePath("series", "labels", "region=93"), admin, 400, "reason: required"},
		{"blank reason", deletePath("series", "labels", "region=93", "reason", "  "), admin, 400, "reason: required"},
		{"reader", deletePath("series", "labels", "region=93", "reason", "x"), bearer("grafana-secret"), 403, ""},
		{"writer", deletePath("series", "labels", "region=93", "reason", "x"), bearer("cnam-secret"), 403, ""},
		{"no token", deletePath("series", "labels", "region=93", "reason", "x"), []string{"RemoteAddr", "192.0.2.1:1"}, 401, ""},
		{"without that label", deletePath("series", "labels", "region=", "reason", "x"), admin, 404, "match no series"},
		{"no unlabelled series", deletePath("series", "reason", "x"), admin, 404, "no series without labels"},
		{"unknown region", deletePath("series", "labels", "region=11", "reason", "x"), admin, 404, "match no series"},
		{"bad all", deletePath("series", "labels", "region=93", "all", "yes", "reason", "x"), admin, 400, "want true or false"},
		{"unknown parameter", deletePath("series", "labels", "region=93", "reasn", "x", "reason", "x"), admin, 400, "unknown query parameter"},
		{"point without time", deletePath("points", "labels", "region=93", "reason", "x"), admin, 400, "time: missing"},
		{"point at no time", deletePath("points", "labels", "region=93", "time", "2024-02-29", "reason", "x"), admin, 404, "no point at 2024-02-29"},
		{"point of several series", deletePath("points", "time", "2024-01-31", "all", "true", "reason", "x"), admin, 400, "unknown query parameter"},
	} {
		w := h.do(t, "DELETE", c.path, "", "", c.header...)
		if w.Code != c.code || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s: DELETE %s = %d %s, want %d with %q", c.name, c.path, w.Code, w.Body, c.code, c.want)
		}
	}
	if n := h.points(t); n != 2 {
		t.Errorf("store holds %d points after refused deletions, want 2", n)
	}
	// all=true without labels: every series of the indicator.
	w := h.do(t, "DELETE", deletePath("series", "all", "true", "reason", "x"), "", "", admin...)
	if got := decodeBody[wire.Deletion](t, w); w.Code != 200 || len(got.Series) != 2 || h.points(t) != 0 {
		t.Errorf("DELETE series all=true = %d %s, want both series deleted", w.Code, w.Body)
	}
}
