package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	apiclient "github.com/jalonhq/jalon/client"

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
		"  " + file + `:12347: value: "abc" is not a decimal number: ` + "'a' at byte 0",
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

// TestImportFrenchNumbers imports a file written the French way: values
// with digit groups and a decimal comma are sent as numbers; a value with a
// point, which could be a thousand or one, and Go's number syntax are
// refused with the file's line, and the rest is imported.
func TestImportFrenchNumbers(t *testing.T) {
	url, st, _ := daemon(t)
	fr := filepath.Join(t.TempDir(), "fr.csv")
	os.WriteFile(fr, []byte("indicator;time;value\n"+
		"mes_documents_fed_per_year;2024-01-31;1 234\u00a0567,5\n"+
		"mes_documents_fed_per_year;2024-02-29;1.234\n"+
		"mes_documents_fed_per_year;2024-03-31;1_000\n"+
		"mes_documents_fed_per_year;2024-04-30;+2,5e1\n"), 0o644)
	stdout, stderr, code := runCLI(t, "", "import", "--url", url, "--progress", "none", fr)
	for _, want := range []string{
		"4 rows from 1 file in ",
		": 2 new, 0 revised, 0 unchanged, 2 rejected\n",
		"  " + fr + `:3: value: "1.234" is not a decimal number: '.' at byte 1; want digits with an optional sign, one decimal comma`,
		"  " + fr + `:4: value: "1_000" is not a decimal number: '_' at byte 1`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("import summary lacks %q:\n%s%s", want, stdout, stderr)
		}
	}
	if code != 1 || st.Stats().Points != 2 {
		t.Errorf("import = %d with %d points stored, want 1 and 2", code, st.Stats().Points)
	}
}

// TestImportDigitGroupSpace imports the value of the finding, "4 512,0",
// which jalonctl refused while quoting "4 512.0", a value not in the file:
// it is 4512, as pullers read it.
func TestImportDigitGroupSpace(t *testing.T) {
	url, st, _ := daemon(t)
	fr := filepath.Join(t.TempDir(), "fr.csv")
	os.WriteFile(fr, []byte("indicator;time;value\nmes_documents_fed_per_year;2024-01-31;4 512,0\n"), 0o644)
	stdout, stderr, code := runCLI(t, "", "import", "--url", url, "--progress", "none", fr)
	if code != 0 || !strings.Contains(stdout, ": 1 new, 0 revised, 0 unchanged, 0 rejected\n") || strings.Contains(stdout+stderr, "4 512.0") {
		t.Fatalf("import of 4 512,0 = %d\n%s%s\nwant 0 and 1 new", code, stdout, stderr)
	}
	series, err := st.Series()
	if err != nil || len(series) != 1 {
		t.Fatalf("store series = %v, %v, want one", series, err)
	}
	var got []float64
	err = st.Points(series[0].ID, time.Time{}, time.Now(), func(p indicators.Point, _ string) error {
		got = append(got, p.Value)
		return nil
	})
	if err != nil || len(got) != 1 || got[0] != 4512 {
		t.Errorf("stored values = %v, %v, want [4512]", got, err)
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

// writeFiles writes name → content files into a new directory and returns
// their paths by name.
func writeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for name, content := range files {
		paths[name] = filepath.Join(dir, name)
		if err := os.WriteFile(paths[name], []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

const mesHeader = "indicator,time,value\n"

// TestImportStopsMidFile checks that an import stopped by a file it cannot
// read says what it wrote, what it did not and how to go on, and that
// going on as it says completes the import.
func TestImportStopsMidFile(t *testing.T) {
	url, st, _ := daemon(t)
	f := writeFiles(t, map[string]string{
		"imp1.csv": mesHeader + "mes_documents_fed_per_year,2024-01-31,1\n",
		"imp2.csv": mesHeader + "mes_documents_fed_per_year,2024-02-29,2\nmes_documents_fed_per_year,2024-03-31,\"3\nmes_documents_fed_per_year,2024-04-30,4\n",
		"imp3.csv": mesHeader + "mes_documents_fed_per_year,2024-05-31,5\n",
	})
	args := []string{"import", "--url", url, "--progress", "none", f["imp1.csv"], f["imp2.csv"], f["imp3.csv"]}
	stdout, stderr, code := runCLI(t, "", args...)
	wantErr := f["imp2.csv"] + `:3: malformed CSV: extraneous or missing " in quoted-field (noticed at line 4, column 41)` + "\n" +
		"The import stopped there: of " + f["imp2.csv"] + ", the 1 row before line 3 was written; line 3 and the rest of it " +
		"were not imported, nor was " + f["imp3.csv"] + ".\n" +
		"Fix " + f["imp2.csv"] + ` and run the same import again: the rows already written come back as "unchanged".` + "\n"
	if code != 1 || !strings.HasPrefix(stdout, "2 rows from 2 of 3 files in ") ||
		!strings.HasSuffix(stdout, ": 2 new, 0 revised, 0 unchanged, 0 rejected\n") || stderr != wantErr {
		t.Errorf("import = %d\n%s%s\nwant 1, 2 rows from 2 of 3 files, 2 new, and\n%s", code, stdout, stderr, wantErr)
	}
	if got := st.Stats().Points; got != 2 {
		t.Errorf("store holds %d points after the stop, want 2", got)
	}

	// Fixed and sent again: what was written is unchanged, the rest new.
	if err := os.WriteFile(f["imp2.csv"], []byte(mesHeader+"mes_documents_fed_per_year,2024-02-29,2\n"+
		"mes_documents_fed_per_year,2024-03-31,3\nmes_documents_fed_per_year,2024-04-30,4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = runCLI(t, "", args...)
	if code != 0 || !strings.HasPrefix(stdout, "5 rows from 3 files in ") || !strings.HasSuffix(stdout, ": 3 new, 0 revised, 2 unchanged, 0 rejected\n") {
		t.Errorf("import again = %d\n%s%s\nwant 0, 5 rows: 3 new, 2 unchanged", code, stdout, stderr)
	}
	if got := st.Stats().Points; got != 5 {
		t.Errorf("store holds %d points after the import again, want 5", got)
	}
}

// TestImportUnreadableFiles checks what an import says of files it cannot
// read: empty, cut short, broken after rejected rows.
func TestImportUnreadableFiles(t *testing.T) {
	url, _, _ := daemon(t)
	f := writeFiles(t, map[string]string{
		"empty.csv":    "",
		"blank.csv":    "\n\n",
		"empty.json":   "",
		"cut.json":     "{\"measurements\": [\n{\"indicator\": \"mes_documents_fed_per_year\", \"time\": \"2024-06-30\", \"value\": 6},\n{\"indic",
		"rejected.csv": mesHeader + "nope,2024-01-31,1\nmes_documents_fed_per_year,2024-07-31,7\nmes_documents_fed_per_year,2024-08-31,8,\"\n",
		"next.csv":     mesHeader + "mes_documents_fed_per_year,2024-09-30,9\n",
	})
	const again = ` and run the same import again: the rows already written come back as "unchanged".`
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"empty CSV", []string{"empty.csv", "next.csv"}, f["empty.csv"] + ": no header line: the file is empty (want indicator,time,value…)\n" +
			"The import stopped there: nothing of " + f["empty.csv"] + " was written, nor was " + f["next.csv"] + ".\nFix " + f["empty.csv"] + again},
		{"blank CSV", []string{"blank.csv"}, f["blank.csv"] + ": no header line: the file is empty (want indicator,time,value…)\n" +
			"The import stopped there: nothing of " + f["blank.csv"] + " was written.\nFix " + f["blank.csv"] + again},
		{"empty JSON", []string{"empty.json"}, f["empty.json"] + `: the file is empty (want {"measurements":[…]} or an array of measurements)` + "\n" +
			"The import stopped there: nothing of " + f["empty.json"] + " was written.\nFix " + f["empty.json"] + again},
		{"JSON cut short", []string{"cut.json", "next.csv", "empty.csv"}, f["cut.json"] + ":3: malformed JSON: the file ends before the list of measurements does: is it cut short?\n" +
			"The import stopped there: of " + f["cut.json"] + ", the 1 row before line 3 was written; line 3 and the rest of it were not imported, " +
			"nor were the 2 files after it: " + f["next.csv"] + ", " + f["empty.csv"] + ".\nFix " + f["cut.json"] + again},
		{"rows rejected before", []string{"rejected.csv"}, f["rejected.csv"] + `:4: malformed CSV: extraneous or missing " in quoted-field (column 43)` + "\n" +
			"The import stopped there: of " + f["rejected.csv"] + ", the 2 rows before line 4 were sent (1 written, 1 rejected); " +
			"line 4 and the rest of it were not imported.\nFix " + f["rejected.csv"] + again},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"import", "--url", url, "--progress", "none"}
			for _, name := range tc.files {
				args = append(args, f[name])
			}
			_, stderr, code := runCLI(t, "", args...)
			if code != 1 || stderr != tc.want+"\n" {
				t.Errorf("import %v = %d\n%s\nwant 1 and\n%s", tc.files, code, stderr, tc.want)
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestImportStopsOnSend checks what an import says when the daemon stops
// answering, or the import is interrupted, in the middle of a file: the
// batches before were written, the one being sent and the rest were not.
func TestImportStopsOnSend(t *testing.T) {
	path := writeFiles(t, map[string]string{"h.csv": mesHeader +
		"mes_documents_fed_per_year,2024-01-31,1\nmes_documents_fed_per_year,2024-02-29,2\nmes_documents_fed_per_year,2024-03-31,3\n"})["h.csv"]
	tests := []struct{ name, want string }{
		{"daemon gone", "POST http://jalond.test/api/v1/measurements: connection refused" +
			"\nThe import stopped there: of " + path + ", the 2 rows before line 4 were written; line 4 and the rest of it were not imported." +
			"\nRun the same import again once jalond answers: the rows already written come back as \"unchanged\"."},
		{"interrupted", "import interrupted: context canceled" +
			"\nThe import stopped there: of " + path + ", the 2 rows before line 4 were written; line 4 and the rest of it were not imported." +
			"\nRun the same import again to finish it: the rows already written come back as \"unchanged\"."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				calls := 0
				rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
					if calls++; calls == 1 {
						return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(`{"new":2}`)), Request: r}, nil
					}
					if tc.name == "interrupted" {
						cancel()
					}
					return nil, errors.New("connection refused")
				})
				prog, _ := newProgress("none", io.Discard, 0, time.Now)
				api, err := apiclient.New("http://jalond.test", apiclient.Options{HTTPClient: &http.Client{Transport: rt}})
				if err != nil {
					t.Fatal(err)
				}
				imp := &importer{client: &client{api: api, base: "http://jalond.test"}, batch: 2, progress: prog}
				err = imp.file(ctx, path)
				if err == nil || err.Error() != tc.want {
					t.Errorf("import = %v\nwant %s", err, tc.want)
				}
			})
		})
	}
}
