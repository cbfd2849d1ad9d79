package remotewrite

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/model"

	"github.com/jalonhq/jalon/config"
	"github.com/jalonhq/jalon/indicators"
)

// prometheusConfig lets the TSDB take samples up to ten years older than
// its newest one (Prometheus ≥ 2.39; docs/operations.md).
const prometheusConfig = `storage:
  tsdb:
    out_of_order_time_window: 10y
`

// startPrometheus runs a real Prometheus on 127.0.0.1 with its remote-write
// receiver on, and returns its base URL once it is ready.
func startPrometheus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	switch {
	case err != nil && os.Getenv("CI") != "":
		t.Fatalf("prometheus not found in CI (Debian package prometheus): %v", err)
	case err != nil:
		t.Skipf("prometheus not found (apt install prometheus): %v", err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte(prometheusConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	logPath := filepath.Join(dir, "prometheus.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "tsdb"),
		"--web.listen-address="+addr, "--web.enable-remote-write-receiver")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		logFile.Close()
	})
	base := "http://" + addr
	// Prometheus is a process of its own: there is nothing to wait on but
	// its answers.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case <-exited:
			log, _ := os.ReadFile(logPath)
			t.Fatalf("prometheus exited:\n%s", log)
		case <-deadline:
			log, _ := os.ReadFile(logPath)
			t.Fatalf("prometheus not ready within 60s:\n%s", log)
		case <-tick.C:
		}
		if resp, err := http.Get(base + "/-/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
	}
}

// TestRemoteWritePrometheus sends points dated months in the past to a real
// Prometheus and finds each one by querying at its own timestamp.
func TestRemoteWritePrometheus(t *testing.T) {
	base := startPrometheus(t)
	s, err := New(Options{Config: config.RemoteWrite{URL: base + "/api/v1/write", BatchSize: 2},
		Registerer: prometheus.NewRegistry(), MinBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()

	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, -6, 0)
	points := []indicators.Measurement{ // newest first: the older ones arrive out of order
		{Indicator: "docs", Time: day.AddDate(0, 3, 0), Value: 2.6e7},
		{Indicator: "docs", Time: day, Value: 2.4e7},
		{Indicator: "docs", Time: day.AddDate(0, 1, 0), Value: 2.5e7},
		{Indicator: "share", Labels: indicators.Labels{{Name: "region", Value: "84"}}, Time: day.AddDate(0, 2, 0), Value: 41.5},
	}
	s.Enqueue(points, objectiveOf)
	sent := s.metrics.samples.WithLabelValues("sent")
	eventually(t, "4 samples sent", func() bool { return testutil.ToFloat64(sent) == 4 })

	c, err := api.NewClient(api.Config{Address: base})
	if err != nil {
		t.Fatal(err)
	}
	papi := v1.NewAPI(c)
	for _, p := range points {
		query := `jalon_indicator_value{indicator="` + p.Indicator + `"}`
		qctx, qcancel := context.WithTimeout(context.Background(), 5*time.Second)
		v, _, _, err := papi.Query(qctx, query, p.Time)
		qcancel()
		vec, ok := v.(model.Vector)
		if err != nil || !ok || len(vec) != 1 {
			t.Errorf("query %s at %s = %v, %v; want one sample", query, p.Time.Format(time.DateOnly), v, err)
			continue
		}
		got := vec[0]
		wantObjective := objectiveOf(p.Indicator)
		if float64(got.Value) != p.Value || got.Metric["objective"] != model.LabelValue(wantObjective) ||
			got.Metric["region"] != model.LabelValue(p.Labels.Get("region")) {
			t.Errorf("query %s at %s = %v, want %g with objective %s", query, p.Time.Format(time.DateOnly), got, p.Value, wantObjective)
		}
	}
}

// eventually waits for cond, polling: the sender works on its own goroutine
// against a real Prometheus, a process of its own.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		case <-tick.C:
		}
	}
}
