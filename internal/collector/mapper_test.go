package collector

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/config"
)

// mapperPuller parses one puller of the given type and mapping table.
func mapperPuller(t testing.TB, typ, table string) *config.Puller {
	t.Helper()
	url := "http://h/x"
	ps := pullers(t, fmt.Sprintf("[[puller]]\nname = \"p\"\ntype = %q\nschedule = \"@daily\"\nurl = %q\n%s", typ, url, table))
	return &ps[0]
}

// render lists the points of acc as lines, in order.
func render(acc *accumulator) []string {
	var out []string
	for _, it := range acc.items(nil, "") {
		out = append(out, fmt.Sprintf("%s %s %s %g (%s)", it.Indicator, formatLabels(it.Labels), it.Time.Format(time.RFC3339), it.Value, it.Where))
	}
	return out
}

func formatLabels(m map[string]string) string {
	var parts []string
	for _, l := range []string{"department", "region"} {
		if v, ok := m[l]; ok {
			parts = append(parts, l+"="+v)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestCSVMapper(t *testing.T) {
	const depTable = "indicator = \"digital_mediators_trained\"\n[puller.csv]\ntime_column = \"mois\"\ntime_format = \"YYYY-MM\"\nvalue_column = \"n\"\n"
	tests := []struct {
		name, table, body string
		want              []string
		noValue, invalid  int
		err               string
	}{
		{name: "sum by department", table: depTable + "label_columns = { department = \"dep\" }\naggregate = \"sum\"\n",
			body: "mois;dep;site;n\n2025-01;69;a;10\n2025-01;69;b;5\n2025-01;13;a;7\n2025-02;69;a;12\n",
			want: []string{
				"digital_mediators_trained {department=69} 2025-01-31T00:00:00Z 15 (row 2)",
				"digital_mediators_trained {department=13} 2025-01-31T00:00:00Z 7 (row 4)",
				"digital_mediators_trained {department=69} 2025-02-28T00:00:00Z 12 (row 5)",
			}},
		{name: "max", table: depTable + "aggregate = \"max\"\n", body: "mois;n\n2025-01;3\n2025-01;9\n2025-01;4\n",
			want: []string{"digital_mediators_trained {} 2025-01-31T00:00:00Z 9 (row 2)"}},
		{name: "last", table: depTable + "aggregate = \"last\"\n", body: "mois;n\n2025-01;3\n2025-01;9\n2025-01;4\n",
			want: []string{"digital_mediators_trained {} 2025-01-31T00:00:00Z 4 (row 2)"}},
		{name: "group by region and department", table: depTable + "label_columns = { region = \"reg\", department = \"dep\" }\ngroup_by = [\"reg\", \"dep\"]\naggregate = \"sum\"\n",
			body: "mois;reg;dep;n\n2025-01;84;69;1\n2025-01;84;69;2\n2025-01;84;01;4\n",
			want: []string{
				"digital_mediators_trained {department=69,region=84} 2025-01-31T00:00:00Z 3 (row 2)",
				"digital_mediators_trained {department=01,region=84} 2025-01-31T00:00:00Z 4 (row 4)",
			}},
		{name: "indicator column", table: "[puller.csv]\nindicator_column = \"ind\"\ntime_column = \"date\"\nvalue_column = \"v\"\ndelimiter = \",\"\n",
			body: "ind,date,v\nins_qualified_share,2024-12-31,88.5\nmes_documents_fed_per_year,2024-12-31,\"300000000\"\n",
			want: []string{
				"ins_qualified_share {} 2024-12-31T00:00:00Z 88.5 (row 2)",
				"mes_documents_fed_per_year {} 2024-12-31T00:00:00Z 3e+08 (row 3)",
			}},
		{name: "skip values", table: depTable + "skip_values = [\"s\", \"\"]\n", body: "mois;n\n2025-01;s\n2025-02;\n2025-03;-\n",
			noValue: 2, err: `row 4, column "n": "-" is not a number`},
		{name: "skip invalid rows", table: "skip_invalid_rows = true\n" + depTable, body: "mois;n\n2025-01;x\n2025-13;1\n2025-02\n2025-03;2\n",
			invalid: 3, want: []string{"digital_mediators_trained {} 2025-03-31T00:00:00Z 2 (row 5)"}},
		{name: "header only", table: depTable, body: "mois;n\n"},
		{name: "empty body", table: depTable, body: "", err: "no header line: the body is empty"},
		{name: "columns missing", table: depTable + "label_columns = { department = \"dep\" }\n", body: "month;dep;value\n",
			err: `row 1: no column "mois", "n" in the header (columns: month, dep, value)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mapperPuller(t, "csv", tc.table)
			acc := newAccumulator(p.CSV.Aggregate)
			err := newCSVMapper(p).read(strings.NewReader(tc.body), acc)
			if (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
				t.Errorf("read() = %v, want %q", err, tc.err)
			}
			equalLines(t, "points", render(acc), tc.want)
			if acc.noValue != tc.noValue || acc.invalid != tc.invalid {
				t.Errorf("skipped %d without value, %d invalid; want %d, %d", acc.noValue, acc.invalid, tc.noValue, tc.invalid)
			}
		})
	}
}

func TestJSONMapper(t *testing.T) {
	const table = "indicator = \"appli_carte_vitale_users\"\n[puller.json]\ntime = \"t\"\nvalue = \"v\"\n"
	tests := []struct {
		name, table, body string
		want              []string
		noValue           int
		err               string
	}{
		{name: "root array", table: table, body: `[{"t":"2025-01-31","v":1},{"t":"2025-02-28","v":"2,5"}]`, err: `items.1: value: "2,5" is not a number`,
			want: []string{"appli_carte_vitale_users {} 2025-01-31T00:00:00Z 1 (items.0)"}},
		{name: "decimal comma", table: table + "decimal_comma = true\n", body: `[{"t":"2025-02-28","v":"2,5"}]`,
			want: []string{"appli_carte_vitale_users {} 2025-02-28T00:00:00Z 2.5 (items.0)"}},
		{name: "one object", table: table, body: `{"t":"2025-01-31","v":7}`,
			want: []string{"appli_carte_vitale_users {} 2025-01-31T00:00:00Z 7 (the root)"}},
		{name: "labels as numbers and strings", table: table + "labels = { department = \"d\", region = \"r\" }\n",
			body: `[{"t":"2025-01-31","v":7,"d":"01","r":84}]`,
			want: []string{"appli_carte_vitale_users {department=01,region=84} 2025-01-31T00:00:00Z 7 (items.0)"}},
		{name: "null and NS", table: table, body: `[{"t":"2025-01-31","v":null},{"t":"2025-01-31","v":"NS"}]`, noValue: 2},
		{name: "missing value path", table: table, body: `[{"t":"2025-01-31","value":3}]`, err: `items.0: value: nothing at path "v"`},
		{name: "boolean value", table: table, body: `[{"t":"2025-01-31","v":true}]`, err: `items.0: value: true is not a number`},
		{name: "items path missing", table: table + "items = \"results\"\n", body: `{"records":[]}`, err: `no items at path "results"`},
		{name: "not JSON", table: table, body: `{"t":`, err: `the body is not valid JSON`},
		{name: "points not an array", table: table + "items = \"deps\"\npoints = \"s\"\n", body: `{"deps":[{"s":{}}]}`,
			err: `deps.0: want an array of points at path "s"`},
		{name: "same point twice", table: table, body: `[{"t":"2025-01-31","v":1},{"t":"2025-01-31","v":2}]`,
			err: `items.1: same point as items.0`, want: []string{"appli_carte_vitale_users {} 2025-01-31T00:00:00Z 1 (items.0)"}},
		{name: "lone surrogate in a label", table: table + "labels = { department = \"d\" }\n",
			body: `[{"t":"2025-01-31","v":7,"d":"0\ud8001"}]`,
			err:  `items.0: labels.department: lone UTF-16 surrogate \ud800: a \ud800-\udfff escape must be a high one followed by a low one`},
		{name: "surrogate pair and escapes in a label", table: table + "labels = { department = \"d\" }\n",
			body: `[{"t":"2025-01-31","v":7,"d":"\"\\\ud83d\ude00"}]`,
			want: []string{"appli_carte_vitale_users {department=\"\\😀} 2025-01-31T00:00:00Z 7 (items.0)"}},
		{name: "indicator path", table: "[puller.json]\nindicator = \"id\"\ntime = \"t\"\nvalue = \"v\"\ntime_format = \"YYYY\"\n",
			body: `[{"id":"ins_qualified_share","t":2024,"v":88},{"id":7,"t":2024,"v":1}]`, err: `items.1: indicator: want a string at path "id"`,
			want: []string{"ins_qualified_share {} 2024-12-31T00:00:00Z 88 (items.0)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mapperPuller(t, "json", tc.table)
			acc := newAccumulator("")
			_, _, err := newJSONMapper(p).read([]byte(tc.body), "", acc)
			if (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
				t.Errorf("read() = %v, want %q", err, tc.err)
			}
			equalLines(t, "points", render(acc), tc.want)
			if acc.noValue != tc.noValue {
				t.Errorf("skipped %d without value, want %d", acc.noValue, tc.noValue)
			}
		})
	}
}

// checkPoints fails on a point no mapper should ever make.
func checkPoints(t *testing.T, acc *accumulator) {
	t.Helper()
	for _, p := range acc.points {
		if math.IsNaN(p.value) || math.IsInf(p.value, 0) || p.where == "" || p.time.IsZero() {
			t.Fatalf("point %+v: want a finite value, a place and a time", p)
		}
	}
}

// FuzzCSVMapper feeds arbitrary bodies to the CSV mapper of the open-data
// puller, with aggregation: it must never panic nor make a bad point.
func FuzzCSVMapper(f *testing.F) {
	f.Add(readTestdata(f, "ins-regions.csv"))
	f.Add([]byte("trimestre;code_region;taux_ins_qualifiees\n2024-T1;11;72,5\n2024-T1;11;1e308\n2024-T1;11;1e308\n"))
	f.Add([]byte("\"trimestre\";\"code_region\"\n\"2024-Q1\n"))
	p := mapperPuller(f, "csv", "indicator = \"ins_qualified_share\"\n[puller.csv]\ndecimal_comma = true\ntime_column = \"trimestre\"\n"+
		"time_format = \"YYYY-Qn\"\nvalue_column = \"taux_ins_qualifiees\"\nlabel_columns = { region = \"code_region\" }\naggregate = \"sum\"\n")
	f.Fuzz(func(t *testing.T, body []byte) {
		acc := newAccumulator("sum")
		err := newCSVMapper(p).read(strings.NewReader(string(body)), acc)
		if err == nil {
			for _, pt := range acc.points {
				if math.IsInf(pt.value, 0) {
					return // sums may overflow; the catalog check refuses them
				}
			}
			checkPoints(t, acc)
		}
	})
}

// FuzzJSONMapper feeds arbitrary bodies to the nested-series mapper.
func FuzzJSONMapper(f *testing.F) {
	f.Add(readTestdata(f, "barometre-acv.json"))
	f.Add([]byte(`{"departements":[{"code_departement":1,"valeurs":[{"date":2024,"valeur":"1,5"}]}]}`))
	p := mapperPuller(f, "json", "indicator = \"appli_carte_vitale_users\"\n[puller.json]\nitems = \"departements\"\npoints = \"valeurs\"\n"+
		"time = \"date\"\nvalue = \"valeur\"\nlabels = { department = \"code_departement\" }\n")
	f.Fuzz(func(t *testing.T, body []byte) {
		acc := newAccumulator("")
		if _, _, err := newJSONMapper(p).read(body, "", acc); err == nil {
			checkPoints(t, acc)
		}
	})
}
