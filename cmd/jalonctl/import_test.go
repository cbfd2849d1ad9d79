package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

var regions = []string{"01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}

// bigCSV writes 100 001 rows: a regional series per region, daily from
// 2005, with three bad rows — a value that is no number, an unknown region
// and a row repeating its neighbour — and returns the file's path.
func bigCSV(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("indicator,time,value,source,label:region\n")
	start := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 100_000 {
		value, region := fmt.Sprint(i%997), regions[i%len(regions)]
		switch i {
		case 12_345:
			value = "abc"
		case 50_000:
			region = "99"
		}
		row := fmt.Sprintf("digital_mediators_trained,%s,%s,ANCT,%s\n", start.AddDate(0, 0, i/len(regions)).Format(time.DateOnly), value, region)
		w.WriteString(row)
		if i == 70_000 {
			w.WriteString(strings.Replace(row, ",ANCT,", "1,ANCT,", 1))
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func TestImportLargeCSV(t *testing.T) {
	url, st, _ := daemon(t)
	file := bigCSV(t)
	stdout, stderr, code := runCLI(t, "", "import", "--url", url, "--progress", "lines", file)
	if code != 1 || !strings.Contains(stderr, "3 of 100001 rows rejected") {
		t.Errorf("import = %d, stderr %q, want 1 and 3 rows rejected", code, stderr)
	}
	for _, want := range []string{
		"100001 rows from 1 file in ",
		": 99998 new, 0 revised, 0 unchanged, 3 rejected\n",
		"3 batches refused for invalid rows, sent again without them\n",
		"Rejected:\n",
		"  " + file + `:12347: value: "abc" is not a number` + "\n",
		"  " + file + `:50002: labels.region: "99" is not an INSEE region code`,
		"  " + file + ":70003: same indicator, labels and time as line ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("import summary lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "import: 100%  100001 rows") {
		t.Errorf("import progress lacks the final plain line:\n%s", stderr)
	}
	if got := st.Stats().Points; got != 99_998 {
		t.Errorf("store holds %d points, want 99998", got)
	}
}

func TestImportJSONAndFrenchCSV(t *testing.T) {
	url, st, _ := daemon(t)
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	_, err := st.Write(t.Context(), []indicators.Measurement{
		{Indicator: "mes_documents_fed_per_year", Time: d("2024-01-31"), Value: 1},
		{Indicator: "mes_documents_fed_per_year", Time: d("2024-03-31"), Value: 5},
	}, "test")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	js := filepath.Join(dir, "history.json")
	os.WriteFile(js, []byte(`{"measurements": [
  {"indicator": "mes_documents_fed_per_year", "time": "2024-01-31", "value": 1},
  {"indicator": "nope", "time": "2024-02-29", "value": 2},
  {
    "indicator": "mes_documents_fed_per_year",
    "time": "2024-03-31",
    "value": 3
  }
]}
`), 0o644)
	fr := filepath.Join(dir, "export-tableur.csv")
	os.WriteFile(fr, []byte("\uFEFFindicator;time;value\r\nmes_documents_fed_per_year;2024-04-30;12,5\r\n"), 0o644)

	stdout, stderr, code := runCLI(t, "", "import", "--url", url, "--batch", "2", "--progress", "none", js, fr)
	want := "4 rows from 2 files in "
	wantTally := ": 1 new, 1 revised, 1 unchanged, 1 rejected\n1 batch refused for invalid rows, sent again without them\n" +
		"Rejected:\n  " + js + `:3: indicator: "nope" is not in the catalog` + "\n"
	if code != 1 || !strings.HasPrefix(stdout, want) || !strings.HasSuffix(stdout, wantTally) || stderr != "1 of 4 rows rejected\n" {
		t.Errorf("import = %d\n%s%s\nwant 1 and\n%s…%s", code, stdout, stderr, want, wantTally)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", []string{"import"}, 2, "want at least one FILE"},
		{"unknown type", []string{"import", "history.xml"}, 2, "history.xml: want a .json or .csv file"},
		{"missing file", []string{"import", "absent.csv"}, 1, "absent.csv: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("jalonctl %v = %d %q, want %d and %q", tt.args, code, stderr, tt.code, tt.want)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	var bar, lines strings.Builder
	pb, _ := newProgress("bar", &bar, 1000, now)
	pl, _ := newProgress("lines", &lines, 1000, now)
	for _, p := range []*progress{pb, pl} {
		clock = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		p.start = clock
		clock = clock.Add(10 * time.Second)
		p.update(250, 5000)
		clock = clock.Add(time.Second) // within the lines' interval: not drawn
		p.update(300, 6000)
		clock = clock.Add(9 * time.Second)
		p.finish(1000, 20000)
	}
	wantBar := "\r[██████░░░░░░░░░░░░░░░░░░]  25%  5000 rows  500 rows/s  ETA 30s\x1b[K" +
		"\r[███████░░░░░░░░░░░░░░░░░]  30%  6000 rows  545 rows/s  ETA 26s\x1b[K" +
		"\r[████████████████████████] 100%  20000 rows  1000 rows/s\x1b[K\n"
	if bar.String() != wantBar {
		t.Errorf("bar progress =\n%q\nwant\n%q", bar.String(), wantBar)
	}
	wantLines := "import:  25%  5000 rows  500 rows/s  ETA 30s\nimport: 100%  20000 rows  1000 rows/s\n"
	if lines.String() != wantLines {
		t.Errorf("lines progress =\n%q\nwant\n%q", lines.String(), wantLines)
	}
	if _, err := newProgress("fancy", &bar, 0, now); err == nil {
		t.Error(`newProgress("fancy") = nil error, want one`)
	}
}
