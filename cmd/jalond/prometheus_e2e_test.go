package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// requireTool returns the path of a program the test needs. It skips the
// test when the program is missing on a developer's machine, and fails it
// in CI, where `make test-deps` installs it.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "" {
		t.Skipf("%s not found (make test-deps installs it): %v", name, err)
	}
	t.Fatalf("%s not found in CI: %v", name, err)
	return ""
}

// startPrometheus runs Prometheus scraping target every second and waits
// until it is ready. It returns its base URL.
func startPrometheus(t *testing.T, bin, target string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "prometheus.yml")
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: jalon
    static_configs:
      - targets: [%q]
`, target)
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	p := startProcess(t, "prometheus", bin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "tsdb"),
		"--web.listen-address="+addr)
	// Stop it gracefully first, so that it does not leave its TSDB half
	// written in a directory the test is about to remove.
	t.Cleanup(func() { p.signal(syscall.SIGTERM, 10*time.Second) })
	base := "http://" + addr
	err := poll(30*time.Second, func() (bool, error) {
		select {
		case <-p.exited:
			return false, fmt.Errorf("prometheus exited: %v", p.err)
		default:
		}
		resp, err := client.Get(base + "/-/ready")
		if err != nil {
			return false, nil
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
	if err != nil {
		t.Fatalf("GET %s/-/ready: %v", base, err)
	}
	return base
}

// promVector is the answer of Prometheus' /api/v1/query for a vector.
type promVector struct {
	Status string `json:"status"`
	Data   struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	} `json:"data"`
}

func queryPrometheus(base, query string) (promVector, error) {
	var v promVector
	resp, err := client.Get(base + "/api/v1/query?query=" + neturl.QueryEscape(query))
	if err != nil {
		return v, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return v, err
	}
	if resp.StatusCode != http.StatusOK {
		return v, fmt.Errorf("query %s = %d %s", query, resp.StatusCode, body)
	}
	return v, json.Unmarshal(body, &v)
}

// TestPrometheusScrapesStatus runs a real Prometheus against jalond and
// reads objective 1-1's status back through PromQL after a push.
func TestPrometheusScrapesStatus(t *testing.T) {
	bin := requireTool(t, "prometheus")
	d := startDaemon(t, t.TempDir())
	prom := startPrometheus(t, bin, strings.TrimPrefix(d.base, "http://"))

	pt := point{Indicator: documentsFed, Time: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), Value: 1.2e7, Source: "e2e prometheus"}
	if code, body, err := d.push(context.Background(), "", pt); err != nil || code != http.StatusOK {
		t.Fatalf("POST /api/v1/measurements = %d %s, %v, want 200", code, body, err)
	}
	want := d.waitEvaluated(t, documentsFed, pt.Time).Status
	if want == "no_data" {
		t.Fatalf("status of %s after a push = %q, want a status judged on the point", documentsFed, want)
	}

	const query = `jalon_indicator_status{indicator="mes_documents_fed_per_year",objective="1-1"}`
	var last promVector
	var lastErr error
	err := poll(30*time.Second, func() (bool, error) {
		last, lastErr = queryPrometheus(prom, query)
		if lastErr != nil || len(last.Data.Result) != 7 {
			return false, nil
		}
		ones := 0
		for _, r := range last.Data.Result {
			if r.Value[1] == "1" {
				ones++
				if r.Metric["status"] != want {
					return false, nil
				}
			}
		}
		return ones == 1, nil
	})
	if err != nil {
		t.Fatalf("Prometheus query %s = %+v, %v; want 7 series with exactly one at 1, status=%q: %v", query, last, lastErr, want, err)
	}
	for _, r := range last.Data.Result {
		if r.Metric["job"] != "jalon" {
			t.Errorf("series %v: job = %q, want %q", r.Metric, r.Metric["job"], "jalon")
		}
	}
}

// TestPromtoolCheckMetrics lints a /metrics scrape, with labelled and
// unlabelled series, with promtool.
func TestPromtoolCheckMetrics(t *testing.T) {
	bin := requireTool(t, "promtool")
	d := startDaemon(t, t.TempDir())
	ps := []point{
		{Indicator: documentsFed, Time: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), Value: 1.2e7},
		{Indicator: awarenessShare, Labels: map[string]string{"region": "84"}, Time: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), Value: 42},
		{Indicator: awarenessShare, Labels: map[string]string{"region": "11"}, Time: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), Value: 37.5},
	}
	if code, body, err := d.push(context.Background(), "", ps...); err != nil || code != http.StatusOK {
		t.Fatalf("POST /api/v1/measurements = %d %s, %v, want 200", code, body, err)
	}
	const series = `jalon_indicator_value{indicator="establishments_awareness_actions_share",objective="4-1",region="11"}`
	var text string
	err := poll(10*time.Second, func() (bool, error) {
		text = d.metricsText(t)
		v, ok := sampleValue(text, series)
		return ok && v == 37.5, nil
	})
	if err != nil {
		t.Fatalf("GET /metrics: %s not 37.5: %v", series, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "check", "metrics")
	cmd.Stdin = strings.NewReader(text)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil || out.Len() > 0 {
		t.Errorf("promtool check metrics = %v, output %q; want exit 0 and no output", err, out.String())
	}
}
