package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRulesGenerateMatch checks an override's label matchers in the
// generated rules with promtool: the series of region 84 gets the
// override's severity, the national series (region = "") the other
// override's label, and a series that neither selects keeps the rule's.
func TestRulesGenerateMatch(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := write("jalon.toml", `[[alerting.override]]
indicator = "mes_documents_fed_per_year"
rule = "JalonTrajectoryOffTrack"
match = { region = "84" }
severity = "page"
[[alerting.override]]
objective = "1-1"
match = { region = "" }
labels = { scope = "national" }
`)
	if _, stderr, code := runCLI(t, "", "rules", "generate", "--config.file", cfg, "-o", filepath.Join(dir, "rules.yml")); code != 0 {
		t.Fatalf("rules generate --config.file: status %d, stderr %s", code, stderr)
	}
	write("rules.test.yml", `rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'jalon_indicator_status{job="j",instance="i",indicator="mes_documents_fed_per_year",objective="1-1",status="off_track"}'
        values: '1x90'
      - series: 'jalon_indicator_status{job="j",instance="i",indicator="mes_documents_fed_per_year",objective="1-1",region="84",status="off_track"}'
        values: '1x90'
      - series: 'jalon_indicator_status{job="j",instance="i",indicator="mes_documents_fed_per_year",objective="1-1",region="11",status="off_track"}'
        values: '1x90'
      - series: 'jalon_objective_info{job="j",instance="i",objective="1-1",axis="Prévention",owner="DNS"}'
        values: '1x90'
    alert_rule_test:
      - eval_time: 61m
        alertname: JalonTrajectoryOffTrack
        exp_alerts:
          - exp_labels: {alertname: JalonTrajectoryOffTrack, severity: critical, scope: national, job: j, instance: i, indicator: mes_documents_fed_per_year, objective: "1-1", axis: Prévention, owner: DNS}
            exp_annotations: &ann
              summary: "1-1 mes_documents_fed_per_year: off track, well behind plan"
              description: "The latest figure is behind the plan at its date by more than the off-track tolerance. Details: http://localhost:9721/indicators/mes_documents_fed_per_year"
              indicator_url: "http://localhost:9721/indicators/mes_documents_fed_per_year"
          - exp_labels: {alertname: JalonTrajectoryOffTrack, severity: page, region: "84", job: j, instance: i, indicator: mes_documents_fed_per_year, objective: "1-1", axis: Prévention, owner: DNS}
            exp_annotations: *ann
          - exp_labels: {alertname: JalonTrajectoryOffTrack, severity: critical, region: "11", job: j, instance: i, indicator: mes_documents_fed_per_year, objective: "1-1", axis: Prévention, owner: DNS}
            exp_annotations: *ann
`)
	runPromtool(t, dir, "check", "rules", "rules.yml")
	runPromtool(t, dir, "test", "rules", "rules.test.yml")
}
