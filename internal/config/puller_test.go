package config

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

const pullersTOML = `timezone = "Europe/Paris"

[[puller]]
name = "ins-regions"
type = "csv"
schedule = "0 6 * * *"
indicator = "ins_qualified_share"
url = "https://www.data.gouv.fr/fr/datasets/r/ins.csv"
headers = { Authorization = "Bearer ${CNAM_API_KEY}", "x-api-key" = "${file:secrets/cnam.key}", Accept = "text/csv" }

  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux"
  label_columns = { region = "code_region" }
  skip_values = ["NS"]

[[puller]]
name = "acv"
type = "json"
schedule = "@every 6h"
timezone = "UTC"
timeout = "30s"
retries = 0
backoff = "5s"
indicator = "appli_carte_vitale_users"
labels = { region = "84" }
source = "barometre"
url = "file:///srv/acv.json"
skip_invalid_rows = true

  [puller.json]
  items = "departements"
  points = "series"
  time = "date"
  value = "valeur"
  labels = { department = "code" }

[[puller]]
name = "ods"
type = "json"
schedule = "@daily"
url = "https://data.example.fr/api/explore/v2.1/catalog/datasets/x/records"

  [puller.json]
  items = "results"
  indicator = "indicateur"
  time = "date"
  value = "valeur"
  offset = "offset"
  limit = 100
  total = "total_count"
  max_pages = 20

[[puller]]
name = "prom"
type = "prometheus"
schedule = "*/15 * * * *"
indicator = "digital_mediators_trained"
url = "http://prometheus:9090"

  [puller.prometheus]
  query = "sum by (dep) (mediators_trained_total)"
  labels = { department = "dep" }

[[puller]]
name = "drop"
type = "file"
schedule = "@every 5m"
indicator = "mes_documents_fed_per_year"

  [puller.file]
  path = "drop"
  glob = "*.csv"

  [puller.csv]
  delimiter = ","
  time_column = "month"
  time_format = "YYYY-MM"
  value_column = "documents"
  group_by = ["month"]
  aggregate = "sum"
`

func TestParsePullers(t *testing.T) {
	d, err := ParseDaemon(tomlcheck.Source{Name: "/etc/jalon/jalon.toml", Data: []byte(pullersTOML)})
	if err != nil {
		t.Fatalf("ParseDaemon() = %v", err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	fr := func(f Format) Format {
		if f.SkipValues == nil {
			f.SkipValues = DefaultSkipValues()
		}
		f.PeriodDate = "end"
		return f
	}
	want := []Puller{
		{Name: "ins-regions", Type: "csv", Schedule: "0 6 * * *", Timezone: paris, Timeout: time.Minute, Retries: 3, Backoff: time.Second,
			Indicator: "ins_qualified_share", Source: "puller:ins-regions", URL: "https://www.data.gouv.fr/fr/datasets/r/ins.csv",
			Headers: map[string]string{"Accept": "text/csv", "Authorization": "Bearer ${CNAM_API_KEY}", "X-Api-Key": "${file:/etc/jalon/secrets/cnam.key}"},
			CSV: &CSV{Format: fr(Format{TimeFormat: "YYYY-Qn", DecimalComma: true, SkipValues: []string{"NS"}}), Delimiter: ';',
				TimeColumn: "trimestre", ValueColumn: "taux", LabelColumns: map[string]string{"region": "code_region"}}},
		{Name: "acv", Type: "json", Schedule: "@every 6h", Timezone: time.UTC, Timeout: 30 * time.Second, Retries: 0, Backoff: 5 * time.Second,
			Indicator: "appli_carte_vitale_users", Labels: map[string]string{"region": "84"}, Source: "barometre", URL: "file:///srv/acv.json",
			SkipInvalidRows: true,
			JSON: &JSON{Format: fr(Format{}), Items: "departements", Points: "series", Time: "date", Value: "valeur",
				Labels: map[string]string{"department": "code"}, LimitParam: "limit", MaxPages: 100}},
		{Name: "ods", Type: "json", Schedule: "@daily", Timezone: paris, Timeout: time.Minute, Retries: 3, Backoff: time.Second,
			Source: "puller:ods", URL: "https://data.example.fr/api/explore/v2.1/catalog/datasets/x/records",
			JSON: &JSON{Format: fr(Format{}), Items: "results", Indicator: "indicateur", Time: "date", Value: "valeur",
				Offset: "offset", Limit: 100, LimitParam: "limit", Total: "total_count", MaxPages: 20}},
		{Name: "prom", Type: "prometheus", Schedule: "*/15 * * * *", Timezone: paris, Timeout: time.Minute, Retries: 3, Backoff: time.Second,
			Indicator: "digital_mediators_trained", Source: "puller:prom", URL: "http://prometheus:9090",
			Prometheus: &Prometheus{Query: "sum by (dep) (mediators_trained_total)", Labels: map[string]string{"department": "dep"}}},
		{Name: "drop", Type: "file", Schedule: "@every 5m", Timezone: paris, Timeout: time.Minute, Retries: 3, Backoff: time.Second,
			Indicator: "mes_documents_fed_per_year", Source: "puller:drop",
			File: &FileSource{Path: "/etc/jalon/drop", Glob: "*.csv"},
			CSV: &CSV{Format: fr(Format{TimeFormat: "YYYY-MM"}), Delimiter: ',', TimeColumn: "month", ValueColumn: "documents",
				GroupBy: []string{"month"}, Aggregate: "sum"}},
	}
	if len(d.Pullers) != len(want) {
		t.Fatalf("ParseDaemon() gave %d pullers, want %d", len(d.Pullers), len(want))
	}
	for i, got := range d.Pullers {
		if got.Pos.File != "/etc/jalon/jalon.toml" || got.Pos.Line == 0 {
			t.Errorf("puller %s: Pos = %+v, want the file and the header line", got.Name, got.Pos)
		}
		got.Pos = Pos{}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("puller %d =\n%+v\nwant\n%+v", i, got, want[i])
		}
	}
	if l := d.Pullers[1].Pos.Lines["json.labels.department"]; l != 38 {
		t.Errorf("line of acv's json.labels.department = %d, want 38", l)
	}
}

func TestParsePullerProblems(t *testing.T) {
	const head = "[[puller]]\nname = \"p\"\n"
	csvOK := "  [puller.csv]\n  time_column = \"t\"\n  value_column = \"v\"\n"
	tests := []problemCase{
		{"unknown type and key", head + "type = \"sql\"\nschedule = \"@daily\"\nindicator = \"x\"\nurl = \"http://h/\"\nperiod = 1\n", []string{
			`jalon.toml:3: puller.type: unknown puller type "sql" (one of csv, json, prometheus, file)`,
			`jalon.toml:7: puller.period: unknown key`,
		}},
		{"bad cron", head + "type = \"csv\"\nschedule = \"0 25 * * *\"\nindicator = \"x\"\nurl = \"http://h/\"\n" + csvOK, []string{
			`jalon.toml:4: puller.schedule: "0 25 * * *" is not a cron schedule (5 fields such as "0 6 * * *", or @daily, @every 1h): end of range (25) above maximum (23): 25`,
		}},
		{"cron time zone", head + "type = \"csv\"\nschedule = \"CRON_TZ=UTC 0 6 * * *\"\nindicator = \"x\"\nurl = \"http://h/\"\n" + csvOK, []string{
			`jalon.toml:4: puller.schedule: "CRON_TZ=UTC 0 6 * * *": set the time zone with the timezone key, not in the schedule`,
		}},
		{"missing keys", head + "type = \"csv\"\n  [puller.csv]\n", []string{
			`jalon.toml:1: puller.schedule: required key missing`,
			`jalon.toml:1: puller.url: required key missing`,
			`jalon.toml:1: puller.indicator: required key missing (or name a column or path giving it)`,
			`jalon.toml:4: puller.csv.time_column: required key missing`,
			`jalon.toml:4: puller.csv.value_column: required key missing`,
		}},
		{"tables of another type", head + "type = \"csv\"\nschedule = \"@daily\"\nindicator = \"x\"\nurl = \"ftp://h/x\"\n  [puller.json]\n  time = \"t\"\n  value = \"v\"\n", []string{
			`jalon.toml:1: puller.csv: required table missing: a csv puller needs [puller.csv]`,
			`jalon.toml:6: puller.url: "ftp://h/x": want a URL whose scheme is one of http, https, file`,
			`jalon.toml:7: puller.json: not used by a csv puller`,
		}},
		{"secret in clear", head + "type = \"csv\"\nschedule = \"@daily\"\nindicator = \"x\"\nurl = \"https://u:pw@h/\"\nheaders = { Authorization = \"Bearer abc\", X = \"${BAD-NAME}\" }\n" + csvOK, []string{
			`jalon.toml:6: puller.url: "https://u:xxxxx@h/" holds credentials: send them with a header taken from the environment or a file`,
			`jalon.toml:7: puller.headers.Authorization: carries credentials: take them from the environment ("Bearer ${API_TOKEN}") or a file ("${file:/etc/jalon/api.key}"), never write them here`,
			`jalon.toml:7: puller.headers.X: ${BAD-NAME} is neither an environment variable name nor file:PATH`,
		}},
		{"csv options", head + "type = \"csv\"\nschedule = \"@daily\"\nurl = \"http://h/\"\n  [puller.csv]\n  delimiter = \";;\"\n  time_column = \"t\"\n  time_format = \"DD/MM\"\n  value_column = \"v\"\n  indicator_column = \"i\"\n  label_columns = { Region = \"r\", department = \"d\" }\n  group_by = [\"t\"]\n  aggregate = \"mean\"\n", []string{
			`jalon.toml:7: puller.csv.delimiter: ";;": want one ASCII character other than a quote or line break, such as ";", "," or "\t"`,
			`jalon.toml:9: puller.csv.time_format: "DD/MM" is not a time format: YYYY, YYYY-MM, YYYY-Qn, unix, or a Go layout such as "02/01/2006"`,
			`jalon.toml:12: puller.csv.label_columns.Region: "Region" is not a label name ([a-z_][a-z0-9_]*)`,
			`jalon.toml:13: puller.csv.group_by: must list "d", the column of label department: its value would vary within a group`,
			`jalon.toml:14: puller.csv.aggregate: must be "sum", "max" or "last", not "mean"`,
		}},
		{"label fixed and mapped", head + "type = \"csv\"\nschedule = \"@daily\"\nindicator = \"x\"\nurl = \"http://h/\"\nlabels = { region = \"84\" }\n" + csvOK + "  label_columns = { region = \"reg\" }\n", []string{
			`jalon.toml:11: puller.csv.label_columns.region: label region is also fixed by the labels key: keep one`,
		}},
		{"json pagination", head + "type = \"json\"\nschedule = \"@daily\"\nindicator = \"x\"\nurl = \"http://h/\"\n  [puller.json]\n  time = \"t\"\n  value = \"v\"\n  next = \"links.next\"\n  offset = \"offset\"\n", []string{
			`jalon.toml:11: puller.json.offset: paginate by next or by offset, not both`,
		}},
		{"indicator twice", head + "type = \"json\"\nschedule = \"@daily\"\nindicator = \"x\"\nurl = \"http://h/\"\n  [puller.json]\n  indicator = \"id\"\n  time = \"t\"\n  value = \"v\"\n", []string{
			`jalon.toml:8: puller.json.indicator: the indicator key already names the indicator of every point`,
		}},
		{"file puller", head + "type = \"file\"\nschedule = \"@daily\"\nindicator = \"x\"\nurl = \"file:///x\"\n  [puller.file]\n  glob = \"a/*.csv\"\n", []string{
			`jalon.toml:1: puller: a file puller needs exactly one of [puller.csv] and [puller.json], to read its files`,
			`jalon.toml:6: puller.url: not used by a file puller: set file.path`,
			`jalon.toml:7: puller.file.path: required key missing`,
			`jalon.toml:8: puller.file.glob: "a/*.csv": a pattern of file names, without '/'`,
		}},
		{"duplicate names and retries", head + "type = \"prometheus\"\nschedule = \"@daily\"\nindicator = \"x\"\nurl = \"http://h/\"\nretries = 99\n  [puller.prometheus]\n  query = \"up\"\n" +
			head + "type = \"prometheus\"\nschedule = \"@daily\"\nurl = \"http://h/\"\n  [puller.prometheus]\n  query = \"up\"\n", []string{
			`jalon.toml:7: puller.retries: must be an integer from 0 to 10`,
			`jalon.toml:10: puller.indicator: required key missing`,
			`jalon.toml:11: puller.name: duplicate puller name "p" (first at line 2)`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			probs := daemonProblems(t, tc.toml, tc.want)
			checkLines(t, tc.toml, probs)
		})
	}
}

func TestCheckPullers(t *testing.T) {
	d, err := ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(pullersTOML)})
	if err != nil {
		t.Fatal(err)
	}
	cat := loadGood(t)
	// good.toml knows none of these indicators; rename two onto its own.
	d.Pullers[0].Indicator = "ce_marking_delay_months"
	d.Pullers[3].Indicator = "mes_documents_per_year"
	got := CheckPullers(d.Pullers, cat).Error()
	want := strings.Join([]string{
		`jalon.toml:16: puller.csv.label_columns.region: puller "ins-regions": label "region" is not a dimension of ce_marking_delay_months (it takes no labels)`,
		`jalon.toml:27: puller.indicator: puller "acv": "appli_carte_vitale_users" is not in the catalog`,
		`jalon.toml:65: puller.prometheus.labels.department: puller "prom": label "department" is not a dimension of mes_documents_per_year (allowed: region)`,
		`jalon.toml:71: puller.indicator: puller "drop": "mes_documents_fed_per_year" is not in the catalog`,
	}, "\n")
	if got != want {
		t.Errorf("CheckPullers() =\n%s\nwant\n%s", got, want)
	}
}

func TestExpandHeader(t *testing.T) {
	env := map[string]string{"KEY": "s3cr3t"}
	resolve := func(r Ref) (string, error) {
		if r.File != "" {
			return "from " + r.File, nil
		}
		v, ok := env[r.Env]
		if !ok {
			return "", errors.New(r.Env + " is not set")
		}
		return v, nil
	}
	tests := []struct {
		name, tmpl, want, err string
	}{
		{"plain", "text/csv", "text/csv", ""},
		{"env", "Bearer ${KEY}", "Bearer s3cr3t", ""},
		{"file", "${file:/k}", "from /k", ""},
		{"dollar alone", "$5 ${KEY}$", "$5 s3cr3t$", ""},
		{"unset", "${NOPE}", "", "NOPE is not set"},
		{"unclosed", "${KEY", "", "unclosed ${ reference"},
		{"empty", "${}", "", "${} is neither an environment variable name nor file:PATH"},
	}
	for _, tc := range tests {
		got, err := ExpandHeader(tc.tmpl, resolve)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
			t.Errorf("%s: ExpandHeader(%q) = %q, %v; want %q, %q", tc.name, tc.tmpl, got, err, tc.want, tc.err)
		}
	}
}

// TestPullerDocsExamples parses every TOML example of docs/pullers.md as a
// daemon configuration.
func TestPullerDocsExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/pullers.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(doc), "```toml\n")[1:]
	if len(blocks) < 4 {
		t.Fatalf("docs/pullers.md has %d TOML examples, want one per type at least", len(blocks))
	}
	for i, b := range blocks {
		b, _, _ = strings.Cut(b, "```")
		if _, err := ParseDaemon(tomlcheck.Source{Name: "pullers.md", Data: []byte(b)}); err != nil {
			t.Errorf("docs/pullers.md example %d:\n%s\n%v", i+1, b, err)
		}
	}
}

// FuzzParsePullers checks that parsing pullers never panics and that an
// accepted puller has what the collector relies on.
func FuzzParsePullers(f *testing.F) {
	f.Add(pullersTOML)
	f.Add("[[puller]]\nname = \"a\"\ntype = \"file\"\nschedule = \"@every 1m\"\nindicator = \"x\"\n[puller.file]\npath = \"d\"\n[puller.json]\ntime = \"t\"\nvalue = \"v\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, err := ParseDaemon(tomlcheck.Source{Name: "fuzz.toml", Data: []byte(src)})
		if err != nil {
			return
		}
		for _, p := range d.Pullers {
			tables := map[string]bool{PullerCSV: p.CSV != nil, PullerJSON: p.JSON != nil, PullerPrometheus: p.Prometheus != nil, PullerFile: p.File != nil}
			if p.Name == "" || p.Schedule == "" || p.Timezone == nil || !tables[p.Type] || p.Type != PullerFile && p.URL == "" ||
				p.Type == PullerFile && tables[PullerCSV] == tables[PullerJSON] {
				t.Fatalf("ParseDaemon() accepted puller %+v", p)
			}
		}
	})
}
