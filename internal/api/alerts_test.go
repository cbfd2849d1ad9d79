package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
)

func TestAlerts(t *testing.T) {
	h := newHarness(t, config.Token{Name: "grafana", Hash: config.HashToken("r"), Scopes: []config.Scope{"read"}},
		config.Token{Name: "pusher", Hash: config.HashToken("w"), Scopes: []config.Scope{"write:*"}})
	// Twelve months of 10 M documents: 120 million a year against a plan near 325 M.
	var items []string
	for m := time.July; m < time.July+12; m++ {
		end := time.Date(2024, m+1, 0, 0, 0, 0, 0, time.UTC)
		items = append(items, fmt.Sprintf(`{"indicator":%q,"time":%q,"value":1e7}`, ind11, end.Format(time.DateOnly)))
	}
	if w := h.push(t, item(strings.Join(items, ",")), "Authorization", "Bearer w"); w.Code != http.StatusOK {
		t.Fatalf("push = %d %s", w.Code, w.Body)
	}
	h.refresh(t)
	m, err := alerting.New(alerting.Options{Store: h.store, Snapshot: h.eval.Snapshot, Now: func() time.Time { return testNow },
		Registerer: prometheus.NewRegistry(), Config: config.Alerting{ExternalURL: "https://jalon.example.org",
			Rules: map[string]config.AlertSettings{rulename.TrajectoryOffTrack: {For: new(time.Duration)}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Evaluate(); err != nil {
		t.Fatal(err)
	}
	get := func(query, token string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/api/v1/alerts"+query, nil)
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		h.api.Alerts(m).ServeHTTP(w, r)
		return w
	}
	type view struct {
		State       string            `json:"state"`
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
		ActiveAt    time.Time         `json:"active_at"`
		FiredAt     *time.Time        `json:"fired_at"`
		ResolvedAt  *time.Time        `json:"resolved_at"`
	}
	w := get("?state=firing&alertname=JalonTrajectoryOffTrack", "r")
	got := decodeBody[struct{ Alerts []view }](t, w)
	if w.Code != http.StatusOK || len(got.Alerts) != 1 {
		t.Fatalf("GET /api/v1/alerts = %d %s, want one firing off-track alert", w.Code, w.Body)
	}
	a := got.Alerts[0]
	if a.Labels["indicator"] != ind11 || a.Labels["objective"] != "1-1" || a.Labels["owner"] != "DNS" || a.Labels["severity"] != "critical" ||
		a.FiredAt == nil || !a.FiredAt.Equal(testNow) || a.ResolvedAt != nil || !strings.Contains(a.Annotations["description"], "120.3 million a year at 2025-06-30") {
		t.Errorf("alert = %+v", a)
	}
	if w := get("?state=pending", "r"); !strings.Contains(w.Body.String(), `"alerts":[`) || strings.Contains(w.Body.String(), "JalonTrajectoryOffTrack") {
		t.Errorf("GET ?state=pending = %s, want the pending alerts only", w.Body)
	}
	for _, tt := range []struct{ query, want string }{
		{"?state=bogus", `state: \"bogus\" is not a state (one of pending, firing, resolved, settled)`},
		{"?state=firing,inactive", `state: \"inactive\" is not a state`},
		{"?alertname=OffTrack", `alertname: \"OffTrack\" is not a rule (one of JalonTrajectoryAtRisk, `},
		{"?status=firing", `unknown query parameter \"status\" (known: state, alertname, indicator, objective)`},
		{"?indicator=a&indicator=b", `indicator: given 2 times`},
		{"?state=firing;pending", `';' does not separate anything`},
	} {
		if w := get(tt.query, "r"); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("GET /api/v1/alerts%s = %d %s, want 400 and %s", tt.query, w.Code, w.Body, tt.want)
		}
	}
	if w := get("", ""); w.Code != http.StatusUnauthorized {
		t.Errorf("GET without token = %d, want 401", w.Code)
	}
	if w := get("", "w"); w.Code != http.StatusForbidden {
		t.Errorf("GET with a write-only token = %d, want 403", w.Code)
	}
}
