package testpeer

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// ScrapeConfig returns a Prometheus configuration that scrapes target
// (host:port) every second as job, and evaluates every second.
func ScrapeConfig(job, target string) string {
	return fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: %q
    static_configs:
      - targets: [%q]
`, job, target)
}

// StartPrometheus runs Prometheus with configYAML and extraFlags on a free
// loopback port, its TSDB in t.TempDir(), and returns its base URL,
// http://127.0.0.1:PORT, once /-/ready answers.
func StartPrometheus(t testing.TB, configYAML string, extraFlags ...string) (string, *Process) {
	t.Helper()
	bin := Binary(t, "prometheus")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte(configYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := FreeAddr(t)
	args := append([]string{"--config.file=" + cfg, "--storage.tsdb.path=" + filepath.Join(dir, "tsdb"),
		"--web.listen-address=" + addr}, extraFlags...)
	p := Start(t, "prometheus", bin, args...)
	base := "http://" + addr
	p.WaitHTTP(t, base+"/-/ready", 60*time.Second)
	return base, p
}
