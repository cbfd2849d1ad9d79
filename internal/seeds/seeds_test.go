package seeds_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/seeds"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

const roadmapFile = "roadmap-2023-2027.toml"

// loadCatalog loads every embedded file the way jalond does, so that these
// tests read the roadmap through the loader rather than a copy of its rules.
// The file format and its validation are config's to test.
func loadCatalog(t *testing.T) *indicators.Catalog {
	t.Helper()
	var srcs []tomlcheck.Source
	for _, f := range seeds.Files() {
		srcs = append(srcs, tomlcheck.Source{Name: "embedded:" + f.Name, Data: f.Data})
	}
	cat, err := catalogfile.ParseCatalog(srcs...)
	if err != nil {
		t.Fatalf("ParseCatalog(embedded files) = %v, want no error", err)
	}
	return cat
}

// indicator returns the indicator with the given id, failing the test if the
// catalog has none.
func indicator(t *testing.T, cat *indicators.Catalog, id string) *indicators.Indicator {
	t.Helper()
	ind, _, ok := cat.Indicator(id)
	if !ok {
		t.Fatalf("Indicator(%s) not found, want it in the catalog", id)
	}
	return ind
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFiles(t *testing.T) {
	files := seeds.Files()
	if len(files) == 0 {
		t.Fatal("Files() = [], want the embedded catalogs")
	}
	if !slices.IsSortedFunc(files, func(a, b seeds.File) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("Files() names are not sorted: %v", fileNames(files))
	}
	found := false
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".toml") {
			t.Errorf("Files() has %q, want only .toml files", f.Name)
		}
		if len(f.Data) == 0 {
			t.Errorf("Files() %s is empty", f.Name)
		}
		found = found || f.Name == roadmapFile
	}
	if !found {
		t.Fatalf("Files() = %v, want %s among them", fileNames(files), roadmapFile)
	}
	// Callers get their own bytes: changing them must not leak into the next call.
	files[0].Data[0] ^= 0xff
	if again := seeds.Files(); again[0].Data[0] == files[0].Data[0] {
		t.Error("Files() shares its byte slices between calls, want a fresh copy each time")
	}
}

func fileNames(files []seeds.File) []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return names
}

// TestParseCatalog checks that the loader accepts the embedded files, and
// what they hold as a whole.
func TestParseCatalog(t *testing.T) {
	cat := loadCatalog(t)
	want := indicators.Counts{Axes: 4, Priorities: 18, Objectives: 65, Indicators: 87, QuantifiedTargets: 36, Milestones: 52}
	if got := cat.Count(); got != want {
		t.Errorf("Count() = %v, want %v", got, want)
	}
}

// TestOwners checks owners against the summary tables (main owner first).
func TestOwners(t *testing.T) {
	cat := loadCatalog(t)
	want := map[string][]string{
		"1-1":  {"DNS", "CNAM", "ANS"},
		"1-4":  {"CNAM", "DNS", "DSS"},
		"3-1":  {"GIE SESAM-Vitale", "ANS", "CNAM", "DNS"},
		"4-1":  {"DNS", "ANCT", "ARS/GRADeS"},
		"5-4":  {"DGE", "DNS", "AIS"},
		"6-3":  {"ANS", "CNAM"},
		"7-1":  {"DNS", "ANS", "CNAM"},
		"7-2":  {"DGOS", "DNS"},
		"8-4":  {"CNAM", "DNS", "DSS"},
		"14-1": {"GIE SESAM-Vitale", "CNAM", "DSS", "DNS"},
		"15-2": {"HAS", "DNS", "DGOS", "ANS"},
		"18-1": {"DREES", "DNS", "DGRI", "DGE", "PDS", "CNAM"},
		"18-3": {"PDS"},
		"18-4": {"DNS", "DGRI", "DGE", "AIS", "DGOS", "DGS", "DREES", "DMSMP"},
	}
	for id, w := range want {
		o, ok := cat.Objective(id)
		if !ok {
			t.Errorf("Objective(%s) not found, want owners %q", id, w)
			continue
		}
		if !slices.Equal(o.Owners, w) {
			t.Errorf("Owners(%s) = %q, want %q", id, o.Owners, w)
		}
	}
}

// TestObjectiveText checks what the loader leaves to the transcription:
// owners, target sentences and indicators present, PDF line breaks repaired.
func TestObjectiveText(t *testing.T) {
	for _, o := range loadCatalog(t).Objectives {
		if o.TargetText == "" || len(o.Owners) == 0 || len(o.Indicators) == 0 {
			t.Errorf("Objective(%s) has target_text %q, %d owners, %d indicators; want all three",
				o.ID, o.TargetText, len(o.Owners), len(o.Indicators))
		}
		for _, ow := range o.Owners {
			if ow == "" || strings.Contains(ow, " - ") || ow != strings.TrimSpace(ow) {
				t.Errorf("Owners(%s) has %q, want a single entity", o.ID, ow)
			}
		}
		if strings.Contains(o.TargetText, "\n") || strings.Contains(o.TargetText, "  ") {
			t.Errorf("TargetText(%s) = %q, want no PDF line breaks", o.ID, o.TargetText)
		}
	}
}

// TestBaselines checks that the roadmap gives no starting figure: every
// indicator starts from 0 at the start of 2023 (defaults.baseline_date).
func TestBaselines(t *testing.T) {
	want := indicators.Anchor{Value: 0, Date: date("2023-01-01")}
	for _, o := range loadCatalog(t).Objectives {
		for _, ind := range o.Indicators {
			if got := ind.Baseline; got.Value != want.Value || !got.Date.Equal(want.Date) {
				t.Errorf("Baseline(%s) = %g at %s, want %g at %s", ind.ID,
					got.Value, got.Date.Format(time.DateOnly), want.Value, want.Date.Format(time.DateOnly))
			}
		}
	}
}
