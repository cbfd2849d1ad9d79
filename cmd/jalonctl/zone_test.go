package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTablesShowOneZone checks that the pullers and alerts tables show
// their times in one zone, named under them: the flag's, else $TZ's.
// "jalonctl pullers" printed each puller's zone (CET), "jalonctl alerts"
// UTC, neither saying so.
func TestTablesShowOneZone(t *testing.T) {
	pullersURL := pullersDaemon(t, "trimestre;code_region;taux\n2024-T1;11;72,5\n", "")
	if _, stderr, code := runCLI(t, "", "pullers", "run", "--url", pullersURL, "ins"); code != 0 {
		t.Fatalf("pullers run ins = %d %s", code, stderr)
	}
	alerts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"alerts":[{"fingerprint":"1","state":"firing","labels":{"alertname":"JalonDataStale"},
 "annotations":{},"active_at":"2025-06-30T09:00:00Z","fired_at":"2025-06-30T09:30:00Z"}]}`))
	}))
	defer alerts.Close()
	alertsURL := alerts.URL
	for _, tt := range []struct {
		name, tz string
		args     []string
		want     []string
	}{
		{"pullers flag", "UTC", []string{"pullers", "--timezone", "Europe/Paris", "--url", pullersURL},
			[]string{"2025-06-30 11:30  success", "Times in Europe/Paris."}},
		{"pullers TZ", "America/New_York", []string{"pullers", "--url", pullersURL},
			[]string{"2025-06-30 05:30  success", "Times in America/New_York."}},
		{"alerts flag", "UTC", []string{"alerts", "--timezone", "Europe/Paris", "--url", alertsURL},
			[]string{"2025-06-30 11:30", "1 alerts. Times in Europe/Paris."}},
		{"alerts TZ", ":America/New_York", []string{"alerts", "--url", alertsURL},
			[]string{"2025-06-30 05:30", "Times in America/New_York."}},
	} {
		var out, errOut bytes.Buffer
		env := func(name string) string {
			if name == "TZ" {
				return tt.tz
			}
			return ""
		}
		if err := run(context.Background(), tt.args, strings.NewReader(""), &out, &errOut, env); err != nil {
			t.Fatalf("%s: %v %s", tt.name, err, errOut.String())
		}
		for _, want := range tt.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, want, out.String())
			}
		}
	}
	_, stderr, code := runCLI(t, "", "alerts", "--timezone", "Paris", "--url", alertsURL)
	if code == 0 || !strings.Contains(stderr, `--timezone "Paris": not an IANA time zone (as in Europe/Paris or UTC)`) {
		t.Errorf("alerts --timezone Paris = %d %q, want an error naming the flag", code, stderr)
	}
}
