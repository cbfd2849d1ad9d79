package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/golden"
)

const shippedRules = "../../deploy/prometheus/jalon-rules.yml"

// requirePromtool returns the path of promtool: the test skips without it on a
// developer's machine and fails in CI, where make test-deps installs it.
func requirePromtool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "" {
		t.Skipf("promtool not found (make test-deps installs it): %v", err)
	}
	t.Fatalf("promtool not found in CI: %v", err)
	return ""
}

func runPromtool(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(requirePromtool(t), args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestRulesGenerateShipped keeps deploy/prometheus/jalon-rules.yml what
// `jalonctl rules generate` writes (refresh with -update), and runs
// promtool's checks and the shipped unit tests on it.
func TestRulesGenerateShipped(t *testing.T) {
	stdout, stderr, code := runCLI(t, "", "rules", "generate")
	if code != 0 {
		t.Fatalf("rules generate: status %d, stderr %s", code, stderr)
	}
	golden.Compare(t, shippedRules, []byte(stdout))
	runPromtool(t, "../../deploy/prometheus", "check", "rules", "jalon-rules.yml")
	runPromtool(t, "../../deploy/prometheus", "test", "rules", "jalon-rules.test.yml")
}

// TestRulesGenerateOverrides splits a rule where overrides give an
// objective other settings, and drops what they disable.
func TestRulesGenerateOverrides(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "jalon.toml")
	err := os.WriteFile(cfg, []byte(`[alerting]
external_url = "https://jalon.example.org"
runbook_url = "https://wiki.example.org/{{ .Alertname }}/{{ .Indicator }}"
[alerting.rule.JalonDataStale]
disabled = true
[[alerting.override]]
objective = "1-1"
rule = "JalonTrajectoryOffTrack"
for = "0s"
severity = "page"
labels = { team = "cnam-mes" }
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "rules.yml")
	if _, stderr, code := runCLI(t, "", "rules", "generate", "--config.file", cfg, "-o", out); code != 0 {
		t.Fatalf("rules generate --config.file: status %d, stderr %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{
		`jalon:indicator_status:routed{status="off_track", indicator!~"mes_documents_fed_per_year"}`,
		`jalon:indicator_status:routed{status="off_track", indicator=~"mes_documents_fed_per_year"}`,
		`team: "cnam-mes"`, `severity: "page"`,
		`runbook_url: "https://wiki.example.org/JalonTrajectoryOffTrack/{{ $labels.indicator }}"`,
		`"https://jalon.example.org/indicators/{{ $labels.indicator }}"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("generated rules lack %s", want)
		}
	}
	if strings.Contains(s, "alert: JalonDataStale") {
		t.Error("generated rules hold the disabled JalonDataStale")
	}
	runPromtool(t, dir, "check", "rules", "rules.yml")
}
