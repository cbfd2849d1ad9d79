package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer"
)

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
	d := startDaemon(t, t.TempDir())
	prom, _ := testpeer.StartPrometheus(t, testpeer.ScrapeConfig("jalon", strings.TrimPrefix(d.base, "http://")))

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
	err := testpeer.Poll(30*time.Second, func() (bool, error) {
		last, lastErr = queryPrometheus(prom, query)
		if lastErr != nil || len(last.Data.Result) != 8 { // one per status, unverified included
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
		t.Fatalf("Prometheus query %s = %+v, %v; want 8 series with exactly one at 1, status=%q: %v", query, last, lastErr, want, err)
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
	bin := testpeer.Binary(t, "promtool")
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
	err := testpeer.Poll(10*time.Second, func() (bool, error) {
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
