package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// checkTOML is a configuration whose pullers and overrides refer to
// what a catalog (testdata/good.toml) and the environment must have.
const checkTOML = `[[puller]]
name = "mes"
type = "prometheus"
schedule = "@daily"
indicator = "mes_documents_per_year"
url = "https://prometheus.example.org"
labels = { region = "84", team = "cnam" }
headers = { Authorization = "Bearer ${JALON_TEST_TOKEN}", X-Key = "${file:nothere.key}", X-Set = "${JALON_TEST_SET}" }
  [puller.prometheus]
  query = "mes_documents"

[[puller]]
name = "ghost"
type = "prometheus"
schedule = "@daily"
indicator = "no_such_indicator"
url = "https://prometheus.example.org"
  [puller.prometheus]
  query = "up"

[remote_write]
url = "https://prometheus.example.org/api/v1/write"
headers = { X-Scope-OrgID = "${JALON_TEST_TENANT}" }

[[alerting.override]]
indicator = "mes_documents_per_year"
severity = "page"

[[alerting.override]]
objective = "5-4"
severity = "info"

[[alerting.override]]
indicator = "no_such_indicator"
rule = "JalonTrajectoryOffTrack"
severity = "page"

[[alerting.override]]
objective = "9-9"
labels = { team = "x" }
`

func TestDaemonCheck(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "jalon.toml")
	d, err := ParseDaemon(tomlcheck.Source{Name: name, Data: []byte(checkTOML)})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"JALON_TEST_SET": "x"}
	got := d.Check(loadGood(t), func(k string) string { return env[k] })
	want := strings.ReplaceAll(strings.Join([]string{
		`jalon.toml:7: puller.labels.team: puller "mes": label "team" is not a dimension of mes_documents_per_year (allowed: region)`,
		`jalon.toml:8: puller.headers.Authorization: puller "mes": header Authorization: environment variable JALON_TEST_TOKEN is not set`,
		`jalon.toml:8: puller.headers.X-Key: puller "mes": header X-Key: read secret file: open DIR/nothere.key: no such file or directory`,
		`jalon.toml:16: puller.indicator: puller "ghost": "no_such_indicator" is not in the catalog`,
		`jalon.toml:23: remote_write.headers.X-Scope-Orgid: header X-Scope-Orgid: environment variable JALON_TEST_TENANT is not set`,
		`jalon.toml:34: alerting.override.indicator: "no_such_indicator" is not in the catalog`,
		`jalon.toml:39: alerting.override.objective: "9-9" is not in the catalog`,
	}, "\n"), "DIR", dir)
	want = strings.ReplaceAll(want, "jalon.toml:", name+":")
	var probs tomlcheck.Problems
	if !errors.As(got, &probs) || got.Error() != want {
		t.Errorf("Check() =\n%v\nwant\n%s", got, want)
	}
	env["JALON_TEST_TOKEN"], env["JALON_TEST_TENANT"] = "t", "roadmap"
	writeFile(t, filepath.Join(dir, "nothere.key"), "k\n")
	d.Pullers[0].Labels = map[string]string{"region": "84"}
	d.Pullers, d.Alerting.Overrides = d.Pullers[:1], d.Alerting.Overrides[:2]
	if got := d.Check(loadGood(t), func(k string) string { return env[k] }); len(got) != 0 {
		t.Errorf("Check(fixed) = %v, want no problem", got)
	}
}
