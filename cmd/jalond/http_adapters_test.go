package main

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPullersPageSkippedReasons runs a puller that skips invalid rows
// through the daemon's route table and checks that the /pullers page,
// fed by pullerViews, says how many rows and why, in English and French.
func TestPullersPageSkippedReasons(t *testing.T) {
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("trimestre;code_region;taux\n2024-T1;11;72,5\n2024-T1;84;abc\n2024-T5;93;1\n2024-T1;99;4\n2024-T1;93;68,1\n"))
	}))
	defer src.Close()
	d := assembleWithTokens(t, fmt.Sprintf(`
[[puller]]
name = "ins"
type = "csv"
schedule = "0 6 * * *"
indicator = "ins_qualified_share"
url = "%s/ins.csv"
retries = 0
skip_invalid_rows = true
  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux"
  label_columns = { region = "code_region" }
`, src.URL))
	if w := serveLoopback(d.handler, "POST", "/api/v1/pullers/ins/run"); w.Code != http.StatusOK {
		t.Fatalf("POST /api/v1/pullers/ins/run = %d %s", w.Code, w.Body)
	}
	reasons := []string{
		`row 3, column "taux": "abc" is not a number`,
		`row 4, column "trimestre": "2024-T5" is not a time in format YYYY-Qn`,
		`row 5: labels.region: "99" is not an INSEE region code (e.g. 84, 93, 94)`,
	}
	for _, tc := range []struct{ lang, summary string }{
		{"en", "Invalid rows skipped: 3"},
		{"fr", "Lignes invalides ignorées\u00a0: 3"},
	} {
		body := html.UnescapeString(serveLoopback(d.handler, "GET", "/pullers?lang="+tc.lang).Body.String())
		want := []string{"<summary>" + tc.summary + "</summary>"}
		for _, r := range reasons {
			want = append(want, "<li><code>"+r+"</code></li>")
		}
		for _, s := range want {
			if !strings.Contains(body, s) {
				t.Errorf("GET /pullers?lang=%s lacks %q:\n%s", tc.lang, s, body)
			}
		}
	}
}

// serveLoopback sends a request as a local tool does: from loopback,
// naming the daemon localhost, with no browser's origin headers.
func serveLoopback(h http.Handler, method, path string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	r.RemoteAddr, r.Host = "127.0.0.1:40000", "localhost:9721"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
