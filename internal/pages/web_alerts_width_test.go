package pages

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer"
)

// manyAlerts is a long /alerts page: every rule on the first indicators of
// the roadmap, in regions, with summaries as long as the real ones.
func manyAlerts(c *indicators.Catalog) AlertLister {
	rules := []string{"JalonTrajectoryAtRisk", "JalonTrajectoryOffTrack", "JalonForecastMissesTarget", "JalonDeadlineMissed", "JalonDataStale"}
	states := []string{"firing", "pending", "resolved", "settled"}
	return func(lang indicators.Lang) []AlertView {
		var out []AlertView
		for oi, o := range c.Objectives {
			for _, ind := range o.Indicators {
				for ri, rule := range rules {
					if len(out) >= 120 {
						return out
					}
					region := []string{"", "84", "93", "971"}[(oi+ri)%4]
					summary := fmt.Sprintf("%s %s: forecast to miss 400 million a year by 2026-12-31", o.ID, ind.Name)
					if lang == indicators.French {
						summary = fmt.Sprintf("%s %s\u00a0: la prévision manque 400 millions par an au 2026-12-31", o.ID, ind.Name)
					}
					a := AlertView{Name: rule, Indicator: ind.ID, Severity: []string{"warning", "critical"}[ri%2], State: states[(oi+ri)%4],
						Since: testNow.Add(-time.Duration(ri+1) * time.Hour), Summary: summary}
					// As alerting gives them: the rule's labels with the series'.
					a.Labels = map[string]string{"alertname": rule, "axis": "Prise en charge", "indicator": ind.ID, "objective": o.ID,
						"owner": "DNS", "severity": a.Severity, "team": "cnam-mes"}
					if region != "" {
						a.Labels["region"] = region
					}
					if a.State == "resolved" {
						a.Resolved = testNow
					}
					out = append(out, a)
				}
			}
		}
		return out
	}
}

// measurePage frames a page at 1280 px and lists what reaches past its
// right edge, or scrolls sideways inside it, as "RESULT [...]".
const measurePage = `<!doctype html><html><body style="margin:0">
<iframe id="f" src="%s" style="width:1280px;height:900px;border:0"></iframe><pre id="out">not measured</pre>
<script>
const desc = el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className : "");
document.getElementById("f").addEventListener("load", () => {
  const d = document.getElementById("f").contentDocument, w = d.documentElement.clientWidth, bad = [];
  if (d.documentElement.scrollWidth > w) bad.push("document " + d.documentElement.scrollWidth + " > " + w);
  for (const el of d.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 0.5) bad.push(desc(el) + " ends at " + Math.round(r.right));
    if (getComputedStyle(el).overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1) bad.push(desc(el) + " scrolls " + el.scrollWidth + " > " + el.clientWidth);
  }
  document.getElementById("out").textContent = "RESULT " + JSON.stringify(bad.slice(0, 15)) + " of " + bad.length;
});
</script></body></html>`

// TestAlertsPageFits1280 renders a long /alerts page in headless Chromium,
// in both languages, and fails on anything that overflows horizontally at
// 1280 px. The pages forbid framing; the test server lifts that for the
// measuring page, served from the same origin.
func TestAlertsPageFits1280(t *testing.T) {
	browser := testpeer.Binary(t, "chromium")
	h := newPagesHarness(t)
	web := h.pages(Options{Alerts: manyAlerts(roadmap(t))})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/measure" {
			fmt.Fprintf(w, measurePage, r.URL.Query().Get("page"))
			return
		}
		rec := httptest.NewRecorder()
		web.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			if k != "Content-Security-Policy" && k != "X-Frame-Options" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	defer srv.Close()
	result := regexp.MustCompile(`RESULT (\[.*\]) of (\d+)`)
	for _, path := range []string{"/alerts?lang=en", "/alerts?lang=fr"} {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		out, err := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
			"--user-data-dir="+t.TempDir(), "--window-size=1400,1000", "--virtual-time-budget=15000",
			"--dump-dom", srv.URL+"/measure?page="+strings.ReplaceAll(path, "&", "%26")).Output()
		cancel()
		if err != nil {
			t.Fatalf("chromium on %s: %v", path, err)
		}
		m := result.FindStringSubmatch(string(out))
		switch {
		case m == nil:
			t.Errorf("%s was not measured:\n%.2000s", path, out)
		case m[2] != "0":
			t.Errorf("%s overflows 1280 px: %s elements, %s", path, m[2], m[1])
		}
	}
}
