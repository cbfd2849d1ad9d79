package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestAlerts(t *testing.T) {
	var gotQuery, gotAuth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/alerts" {
			http.NotFound(w, r)
			return
		}
		gotQuery, gotAuth = r.URL.RawQuery, r.Header.Get("Authorization")
		w.Write([]byte(`{"alerts":[
{"fingerprint":"1","state":"firing","labels":{"alertname":"JalonTrajectoryOffTrack","severity":"critical","objective":"1-1","indicator":"mes_documents_fed_per_year","owner":"DNS","axis":"Prévention"},
 "annotations":{"summary":"1-1 documents: off track"},"active_at":"2025-08-15T09:00:00Z","fired_at":"2025-08-15T10:00:00Z","resolved_at":null,"last_sent_at":null},
{"fingerprint":"2","state":"pending","labels":{"alertname":"JalonDataStale","severity":"warning","objective":"7-3","indicator":"cdri_user_establishments","region":"84"},
 "annotations":{"summary":"7-3 (region=84): no new figure"},"active_at":"2025-08-15T09:30:00Z","fired_at":null,"resolved_at":null,"last_sent_at":null}]}`))
	}))
	defer srv.Close()
	stdout, stderr, code := runCLI(t, "", "alerts", "--url", srv.URL, "--token", "r", "--state", "firing,pending")
	want := `STATE    ALERTNAME                SEVERITY  OBJECTIVE  INDICATOR                   LABELS     SINCE             SUMMARY
firing   JalonTrajectoryOffTrack  critical  1-1        mes_documents_fed_per_year  -          2025-08-15 10:00  1-1 documents: off track
pending  JalonDataStale           warning   7-3        cdri_user_establishments    region=84  2025-08-15 09:30  7-3 (region=84): no new figure

2 alerts. Times in UTC.
`
	if code != 0 || stdout != want {
		t.Errorf("alerts = %d %s\n%s\nwant 0\n%s", code, stderr, stdout, want)
	}
	if gotQuery != "state=firing%2Cpending" || gotAuth != "Bearer r" {
		t.Errorf("request query %q, auth %q; want state=firing%%2Cpending and the token", gotQuery, gotAuth)
	}
}
