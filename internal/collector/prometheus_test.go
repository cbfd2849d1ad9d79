package collector

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/model"

	"github.com/jalonhq/jalon/internal/testpeer"
)

// fixtureExporter serves mediator counters per site, as an application of
// the regional agencies might: three sites in two departments, and one
// series without its region label.
func fixtureExporter(t *testing.T) *httptest.Server {
	reg := prometheus.NewRegistry()
	c := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "mediators_trained", Help: "Mediators trained, by site."}, []string{"dep", "reg", "site"})
	reg.MustRegister(c)
	c.WithLabelValues("69", "84", "lyon").Set(412)
	c.WithLabelValues("69", "84", "villeurbanne").Set(20)
	c.WithLabelValues("13", "93", "marseille").Set(389)
	c.WithLabelValues("974", "", "saint-denis").Set(97)
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	t.Cleanup(srv.Close)
	return srv
}

// startPrometheus runs Prometheus scraping target every second, and waits
// until it has scraped metric once.
func startPrometheus(t *testing.T, target, metric string) string {
	t.Helper()
	base, p := testpeer.StartPrometheus(t, testpeer.ScrapeConfig("fixture", target))
	c, _ := api.NewClient(api.Config{Address: base})
	papi := v1.NewAPI(c)
	err := testpeer.Poll(60*time.Second, func() (bool, error) {
		select {
		case <-p.Exited():
			return false, errors.New("prometheus exited")
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		v, _, _, err := papi.Query(ctx, "count("+metric+")", time.Now())
		vec, ok := v.(model.Vector)
		return err == nil && ok && len(vec) == 1 && vec[0].Value == 4, nil
	})
	if err != nil {
		t.Fatalf("prometheus scrapes %s: %v", metric, err)
	}
	return base
}

func TestPrometheusPuller(t *testing.T) {
	exporter := fixtureExporter(t)
	prom := startPrometheus(t, strings.TrimPrefix(exporter.URL, "http://"), "mediators_trained")
	h := newHarness(t, "", time.Now) // Prometheus answers for now, not for a test date
	m := h.manager(t, fmt.Sprintf(`
[[puller]]
name = "prom"
type = "prometheus"
schedule = "*/15 * * * *"
indicator = "digital_mediators_trained"
url = %[1]q
skip_invalid_rows = true

  [puller.prometheus]
  query = "sum by (dep, reg) (mediators_trained)"
  labels = { department = "dep", region = "reg" }

[[puller]]
name = "prom-strict"
type = "prometheus"
schedule = "@daily"
indicator = "digital_mediators_trained"
url = %[1]q

  [puller.prometheus]
  query = "sum by (dep, reg) (mediators_trained)"
  labels = { department = "dep", region = "reg" }

[[puller]]
name = "prom-bad-query"
type = "prometheus"
schedule = "@daily"
indicator = "digital_mediators_trained"
url = %[1]q
retries = 3

  [puller.prometheus]
  query = "sum by (dep (mediators_trained)"
`, prom))

	st := mustRun(t, m, "prom")
	if want := (Points{New: 2, Invalid: 1}); st.Points != want {
		t.Errorf("prom: points %+v, want %+v", st.Points, want)
	}
	at := st.LastRun.Truncate(time.Second).UTC().Format(time.RFC3339)
	equalLines(t, "stored points", h.stored(t, "digital_mediators_trained"), []string{
		`{department="13",region="93"} ` + at + ` 389 puller:prom`,
		`{department="69",region="84"} ` + at + ` 432 puller:prom`,
	})

	_, err := runNow(t, m, "prom-strict")
	if want := `series {dep="974"}: labels.region: the series has no label "reg"`; err == nil || err.Error() != want {
		t.Errorf("prom-strict: run = %v, want %q", err, want)
	}
	_, err = runNow(t, m, "prom-bad-query")
	if want := "query " + prom + ": bad_data: "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("prom-bad-query: run = %v, want %q… at the first attempt", err, want)
	}
}

func TestPrometheusHeaders(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"success","data":{"resultType":"scalar","result":[1751284800,"12"]}}`)
	}))
	defer srv.Close()
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(`
[[puller]]
name = "prom"
type = "prometheus"
schedule = "@daily"
indicator = "mes_documents_fed_per_year"
url = %q
headers = { Authorization = "Bearer ${PROM_TOKEN}" }

  [puller.prometheus]
  query = "scalar(sum(mes_documents_fed))"
`, srv.URL), func(o *Options) {
		o.Getenv = func(k string) string { return map[string]string{"PROM_TOKEN": "t0k3n"}[k] }
	})
	mustRun(t, m, "prom")
	if got.Get("Authorization") != "Bearer t0k3n" {
		t.Errorf("Authorization sent = %q, want the token from the environment", got.Get("Authorization"))
	}
	equalLines(t, "stored points", h.stored(t, "mes_documents_fed_per_year"), []string{`{} 2025-06-30T12:00:00Z 12 puller:prom`})
}
