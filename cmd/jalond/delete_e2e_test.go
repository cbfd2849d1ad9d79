package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer"
)

// TestDeleteE2E deletes a mistaken regional series from a real jalond: it
// leaves /metrics, the evaluation and the series API at once, and stays
// deleted after a restart.
func TestDeleteE2E(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, dir)
	at := time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)
	if code, body, err := d.push(t.Context(), "", point{Indicator: "cdri_user_establishments", Labels: map[string]string{"region": "93"}, Time: at, Value: 999},
		point{Indicator: "cdri_user_establishments", Labels: map[string]string{"region": "84"}, Time: at, Value: 10}); err != nil || code != http.StatusOK {
		t.Fatalf("push = %d %s %v", code, body, err)
	}
	code, body, err := d.do("DELETE", "/api/v1/indicators/cdri_user_establishments/series?labels=region=93&reason=test+push", "", nil)
	if err != nil || code != http.StatusOK || !strings.Contains(string(body), `"value":999`) {
		t.Fatalf("DELETE series = %d %s %v, want 200 with the value 999", code, body, err)
	}
	check := func(d *daemon) {
		t.Helper()
		// /metrics shows the latest snapshot, which follows a write within
		// the evaluator's settle delay.
		err := testpeer.Poll(5*time.Second, func() (bool, error) {
			_, metrics, err := d.do("GET", "/metrics", "", nil)
			return err == nil && !strings.Contains(string(metrics), `region="93"`) && strings.Contains(string(metrics), `region="84"`), nil
		})
		if err != nil {
			t.Errorf("/metrics after the deletion: want region 84 and not 93: %v", err)
		}
		if stored := d.stored(t, "", "cdri_user_establishments"); len(stored) != 1 {
			t.Errorf("stored points after the deletion = %v, want region 84's only", stored)
		}
		var ind struct {
			Evaluations []struct {
				Labels map[string]string `json:"labels"`
			} `json:"evaluations"`
		}
		d.getJSON(t, "/api/v1/indicators/cdri_user_establishments", "", &ind)
		if len(ind.Evaluations) != 1 || ind.Evaluations[0].Labels["region"] != "84" {
			t.Errorf("evaluations after the deletion = %+v, want region 84's only", ind.Evaluations)
		}
	}
	check(d)
	d.stop(t)
	check(startDaemon(t, dir))
}
