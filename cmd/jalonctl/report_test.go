package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReportCommand(t *testing.T) {
	// Taken before the points arrive, in case midnight passes meanwhile.
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	url, st, _ := daemon(t)
	writeHistory(t, st)

	stdout, stderr, code := runCLI(t, "", "report", "--url", url, "--since", yesterday, "--format", "csv", "--csv-separator", ";", "--bom", "--lang", "en")
	if code != 0 || !strings.HasPrefix(stdout, "\uFEFFobjective;objective_title;") {
		t.Fatalf("report --format csv = %d %q\n%.200s", code, stderr, stdout)
	}
	// The points arrived today: yesterday, nothing was known. 1-1 is a rate
	// pushed as counts: its actual is the trailing yearly rate.
	if !strings.Contains(stdout, ";mes_documents_fed_per_year;") || !strings.Contains(stdout, ";no_data;46500000;2024-12-31;") {
		t.Errorf("CSV report lacks 1-1's move from no data to its latest value:\n%s", stdout)
	}

	stdout, _, code = runCLI(t, "", "report", "--url", url, "--at", yesterday)
	if code != 0 || !strings.HasPrefix(stdout, "# Feuille de route") || !strings.Contains(stdout, "| sans données | 87 |") {
		t.Errorf("report --at yesterday = %d, want a French Markdown report with every indicator without data:\n%s", code, stdout)
	}
	stdout, _, code = runCLI(t, "", "report", "--url", url, "--at", yesterday, "--lang", "en")
	if code != 0 || !strings.Contains(stdout, "| no data | 87 |") {
		t.Errorf("report --lang en = %d, want an English Markdown report:\n%s", code, stdout)
	}
	pdf := filepath.Join(t.TempDir(), "comite.pdf")
	if _, stderr, code = runCLI(t, "", "report", "--url", url, "--format", "pdf", "--output", pdf); code != 0 {
		t.Errorf("report --format pdf = %d %q, want 0", code, stderr)
	} else if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("report --format pdf wrote %.20q, %v; want a PDF", b, err)
	}
	if _, stderr, code = runCLI(t, "", "report", "--url", url, "--at", "2999-01-01"); code != 1 || !strings.Contains(stderr, "at: 2999-01-01 is in the future") {
		t.Errorf("report --at 2999-01-01 = %d %q, want 1 and the reason", code, stderr)
	}
}
