package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// needTool returns the path of a command the test runs for real: missing,
// it fails the test in CI and skips it elsewhere.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required in CI: %v", name, err)
	}
	t.Skipf("%s not installed: %v", name, err)
	return ""
}

// writeHistory stores points dated months and years in the past, as a
// backfill must carry them.
func writeHistory(t *testing.T, st *store.Store) {
	t.Helper()
	d := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	r84 := indicators.Labels{{Name: "region", Value: "84"}}
	ms := []indicators.Measurement{
		{Indicator: "mes_documents_fed_per_year", Time: d("2023-12-31T00:00:00Z"), Value: 2.1e7},
		{Indicator: "mes_documents_fed_per_year", Time: d("2024-06-30T00:00:00Z"), Value: 2.25e7},
		{Indicator: "mes_documents_fed_per_year", Time: d("2024-12-31T12:30:00.250Z"), Value: 2.4e7},
		{Indicator: "digital_mediators_trained", Time: d("2024-09-30T00:00:00Z"), Value: 8210},
		{Indicator: "digital_mediators_trained", Labels: r84, Time: d("2024-09-30T00:00:00Z"), Value: 1130.5},
	}
	if _, err := st.Write(t.Context(), ms, "test"); err != nil {
		t.Fatal(err)
	}
}

func TestExportOpenMetricsPromtool(t *testing.T) {
	promtool := needTool(t, "promtool")
	url, st, _ := daemon(t)
	writeHistory(t, st)
	dir := t.TempDir()
	file := filepath.Join(dir, "history.om")
	if _, stderr, code := runCLI(t, "", "export", "openmetrics", "--url", url, "--output", file); code != 0 {
		t.Fatalf("export openmetrics = %d %s", code, stderr)
	}

	blocks := filepath.Join(dir, "blocks")
	if out, err := exec.Command(promtool, "tsdb", "create-blocks-from", "openmetrics", file, blocks).CombinedOutput(); err != nil {
		data, _ := os.ReadFile(file)
		t.Fatalf("promtool tsdb create-blocks-from openmetrics: %v\n%s\nfile:\n%s", err, out, data)
	}
	// promtool tsdb dump opens the directory as a database, which needs a
	// write-ahead log directory, empty here.
	if err := os.Mkdir(filepath.Join(blocks, "wal"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(promtool, "tsdb", "dump", blocks).Output()
	if err != nil {
		t.Fatalf("promtool tsdb dump: %v", err)
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	slices.Sort(got)
	want := []string{
		`{__name__="jalon_indicator_value", indicator="digital_mediators_trained", objective="4-2", region="84"} 1130.5 1727654400000`,
		`{__name__="jalon_indicator_value", indicator="digital_mediators_trained", objective="4-2"} 8210 1727654400000`,
		`{__name__="jalon_indicator_value", indicator="mes_documents_fed_per_year", objective="1-1"} 2.1e+07 1703980800000`,
		`{__name__="jalon_indicator_value", indicator="mes_documents_fed_per_year", objective="1-1"} 2.25e+07 1719705600000`,
		`{__name__="jalon_indicator_value", indicator="mes_documents_fed_per_year", objective="1-1"} 2.4e+07 1735648200250`,
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("promtool tsdb dump =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestExportOpenMetricsFilters(t *testing.T) {
	url, st, _ := daemon(t)
	writeHistory(t, st)
	stdout, stderr, code := runCLI(t, "", "export", "openmetrics", "--url", url,
		"--indicator", "mes_documents_fed_per_year", "--from", "2024-01-01", "--to", "2024-12-31")
	want := "# HELP jalon_indicator_value Measured value of an indicator, at the time it refers to, as stored by Jalon.\n" +
		"# TYPE jalon_indicator_value gauge\n" +
		`jalon_indicator_value{indicator="mes_documents_fed_per_year",objective="1-1"} 2.25e+07 1719705600` + "\n" +
		"# EOF\n"
	if code != 0 || stdout != want {
		t.Errorf("export openmetrics --indicator --from --to = %d %q\n%s\nwant\n%s", code, stderr, stdout, want)
	}
	if _, stderr, code = runCLI(t, "", "export", "openmetrics", "--url", url, "--indicator", "nope"); code != 1 || !strings.Contains(stderr, `indicator "nope" is not in the catalog`) {
		t.Errorf("export openmetrics --indicator nope = %d %q, want 1 and the reason", code, stderr)
	}
}

func TestExportOpenMetricsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"from", []string{"--from", "yesterday"}, `--from "yesterday": want YYYY-MM-DD or an RFC 3339 time such as 2026-01-01T00:00:00Z`},
		{"to", []string{"--to", "2026-13-01"}, `--to "2026-13-01": want YYYY-MM-DD or an RFC 3339 time`},
		{"window", []string{"--from", "2026-09-01", "--to", "2026-01-01"}, `--from 2026-09-01 is after --to 2026-01-01`},
		{"metric", []string{"--metric", "jalon-value"}, `--metric "jalon-value": want a metric name of letters, digits, '_' and ':', not starting with a digit`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"export", "openmetrics", "--url", "http://127.0.0.1:1"}, tt.args...)
			if _, stderr, code := runCLI(t, "", args...); code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("jalonctl %v = %d %q, want 2 and %q", args, code, stderr, tt.want)
			}
		})
	}
}
