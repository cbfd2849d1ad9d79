package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// TestValidate runs the checks of every stage on a configuration with a
// problem in each: the daemon file, a catalog file it loads, and a
// reference only the catalog can refuse. The override of the indicator
// that the broken catalog file defines, dropped with its objective, is not
// reported: the file is what is wrong.
func TestValidate(t *testing.T) {
	dir := t.TempDir()
	extra := filepath.Join(dir, "extra.toml")
	writeFile(t, extra, `[[objective]]
id = "local"
title = "Alimentation de Mon espace santé"
owners = ["DNS"]

  [[objective.indicator]]
  id = "local_count"
  name = "Comptage local"
  kind = "rate"
  unit = "per_year"

    [[objective.indicator.milestone]]
    value = 100
    deadline = "2026-12-31"
    deadline_text = "fin 2026"
`)
	name := filepath.Join(dir, "jalon.toml")
	d, parsed := ParseDaemonPartial(tomlcheck.Source{Name: name, Data: []byte(`catalog_files = ["extra.toml"]
evaluation_interval = "10ms"

[[alerting.override]]
indicator = "local_count"
severity = "page"

[[alerting.override]]
objective = "9-9"
severity = "page"
`)})
	if d == nil || len(parsed) != 1 {
		t.Fatalf("ParseDaemonPartial = %v, %v; want the configuration and one problem", d, parsed)
	}
	good, err := os.ReadFile("../catalogfile/testdata/good.toml")
	if err != nil {
		t.Fatal(err)
	}
	embedded := []tomlcheck.Source{{Name: "good.toml", Data: good}}
	_, _, err = Validate(d, parsed, embedded, nil)
	want := strings.Join([]string{
		name + `:2: evaluation_interval: "10ms" is shorter than the minimum, 1s`,
		name + `:9: alerting.override.objective: "9-9" is not in the catalog`,
		extra + `:2: objective.id: "local" is not an objective id of the form "<priority>-<n>" such as "1-1"`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("Validate() =\n%v\nwant\n%s", err, want)
	}

	writeFile(t, extra, strings.Replace(readString(t, extra), `"local"`, `"5-9"`, 1))
	d.EvaluationInterval, d.Alerting.Overrides = DefaultEvaluationInterval, d.Alerting.Overrides[:1]
	cat, _, err := Validate(d, nil, embedded, nil)
	if err != nil || cat.IndicatorsByID()["local_count"] == nil {
		t.Errorf("Validate(fixed) = %v, %v; want the catalog with local_count", cat, err)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
