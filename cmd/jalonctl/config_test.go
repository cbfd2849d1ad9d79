package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/testpeer"
)

func writeTestFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// exampleConfig writes docs/configuration.md's example into a directory of
// its own, with a certificate and key where it names them, and returns its
// path.
func exampleConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	testpeer.SelfSigned(t, dir, "server")
	data, err := os.ReadFile("../../internal/config/testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := filepath.Abs("../../internal/config/testdata/catalogs/regional-targets.toml")
	if err != nil {
		t.Fatal(err)
	}
	example := strings.ReplaceAll(string(data), "/etc/jalon/tls/", dir+"/")
	example = strings.ReplaceAll(example, `"catalogs/regional-targets.toml"`, `"`+catalog+`"`)
	path := filepath.Join(dir, "jalon.toml")
	writeTestFile(t, path, example)
	return path
}

func TestConfigCheckExample(t *testing.T) {
	path := exampleConfig(t)
	stdout, stderr, code := runCLI(t, "", "config", "check", path)
	if want := path + ": listen on :9721, 3 tokens, 2 catalog files\ncatalog: "; code != 0 || !strings.HasPrefix(stdout, want) {
		t.Errorf("jalonctl config check example = status %d, stdout:\n%s\nstderr:\n%s\nwant status 0, stdout starting %q", code, stdout, stderr, want)
	}
}

// TestConfigCheckAsJalond checks that config check reports what jalond
// refuses once its catalog is loaded: pullers' indicators and labels,
// secrets that cannot be read, and overrides of nothing.
func TestConfigCheckAsJalond(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "jalon.toml")
	writeTestFile(t, path, `[[puller]]
name = "ins"
type = "prometheus"
schedule = "@daily"
indicator = "ins_qualified_share"
url = "https://prometheus.example.org"
labels = { regionx = "84" }
headers = { X-Key = "${JALON_TEST_UNSET}" }
  [puller.prometheus]
  query = "ins"

[[puller]]
name = "ghost"
type = "prometheus"
schedule = "@daily"
indicator = "no_such_indicator"
url = "https://prometheus.example.org"
  [puller.prometheus]
  query = "up"

[[alerting.override]]
indicator = "no_such_indicator"
severity = "page"

[[alerting.override]]
objective = "9-9"
severity = "page"
`)
	_, stderr, code := runCLI(t, "", "config", "check", path)
	want := strings.ReplaceAll(`FILE:7: puller.labels.regionx: puller "ins": label "regionx" is not a dimension of ins_qualified_share (allowed: region)
FILE:8: puller.headers.X-Key: puller "ins": header X-Key: environment variable JALON_TEST_UNSET is not set
FILE:16: puller.indicator: puller "ghost": "no_such_indicator" is not in the catalog
FILE:22: alerting.override.indicator: "no_such_indicator" is not in the catalog
FILE:26: alerting.override.objective: "9-9" is not in the catalog
`, "FILE", path)
	if code != 1 || stderr != want {
		t.Errorf("jalonctl config check = status %d, stderr:\n%s\nwant status 1, stderr:\n%s", code, stderr, want)
	}
}

// TestConfigCheckEveryStage checks that config check lists, in one run, a
// problem of the daemon file, one of a catalog file it loads and those found
// against the catalog and the environment: each used to hide the next. A
// puller of an indicator that the broken catalog file defines (dropped with
// its objective, whose id is wrong) is not called unknown, since that file
// is what is wrong.
func TestConfigCheckEveryStage(t *testing.T) {
	dir := t.TempDir()
	catalog := filepath.Join(dir, "extra.toml")
	writeTestFile(t, catalog, `[[objective]]
id = "local"
title = "Objectif local"
owners = ["ARS"]

  [[objective.indicator]]
  id = "local_count"
  name = "Comptage local"
  kind = "rate"
  unit = "furlongs"
`)
	path := filepath.Join(dir, "jalon.toml")
	writeTestFile(t, path, `catalog_files = ["extra.toml"]
evaluation_interval = "10ms"

[[puller]]
name = "ghost"
type = "prometheus"
schedule = "@daily"
indicator = "no_such_indicator"
url = "https://prometheus.example.org"
headers = { X-Key = "${JALON_TEST_UNSET}" }
  [puller.prometheus]
  query = "up"

[[puller]]
name = "local"
type = "prometheus"
schedule = "@daily"
indicator = "local_count"
url = "https://prometheus.example.org"
  [puller.prometheus]
  query = "local"
`)
	_, stderr, code := runCLI(t, "", "config", "check", path)
	for _, want := range []string{
		path + `:2: evaluation_interval: "10ms" is shorter than the minimum, 1s`,
		path + `:8: puller.indicator: puller "ghost": "no_such_indicator" is not in the catalog`,
		path + `:10: puller.headers.X-Key: puller "ghost": header X-Key: environment variable JALON_TEST_UNSET is not set`,
		catalog + `:2: objective.id: "local" is not an objective id`,
		catalog + `:10: objective.indicator.unit:`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("jalonctl config check: stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, `"local_count" is not in the catalog`) {
		t.Errorf("jalonctl config check calls local_count unknown although its catalog file defines it:\n%s", stderr)
	}
	if code != 1 {
		t.Errorf("jalonctl config check = status %d, want 1", code)
	}
}
