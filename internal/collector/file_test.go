package collector

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

const dropPuller = `
[[puller]]
name = "drop"
type = "file"
schedule = "@every 5m"
indicator = "mes_documents_fed_per_year"
source = "CNAM export"

  [puller.file]
  path = %q
  glob = "*.csv"

  [puller.csv]
  delimiter = ","
  time_column = "mois"
  time_format = "YYYY-MM"
  value_column = "documents"
  aggregate = "sum"
`

// writeDrop writes a file into the drop directory, dated minutes after a
// fixed time so that the order files were written in is known.
func writeDrop(t *testing.T, dir, name, content string, minutes int) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 6, 1, 8, minutes, 0, 0, time.UTC)
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}

func TestFileDirectory(t *testing.T) {
	dir := t.TempDir()
	// Each export holds the months so far, one row per feeding system.
	writeDrop(t, dir, "export-2025-02.csv", "mois,systeme,documents\n2025-01,dmp,10000000\n2025-01,mss,4000000\n2025-02,dmp,9000000\n", 1)
	writeDrop(t, dir, "export-2025-03.csv", "mois,systeme,documents\n2025-02,dmp,9500000\n2025-02,mss,5000000\n2025-03,dmp,12000000\n", 2)
	writeDrop(t, dir, ".export-2025-04.csv", "half a fi", 3) // a copy in progress
	writeDrop(t, dir, "README.txt", "not data", 3)
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(dropPuller, dir))

	st := mustRun(t, m, "drop")
	if want := (Points{New: 3}); st.Points != want {
		t.Errorf("first run: points %+v, want %+v", st.Points, want)
	}
	want := []string{
		`{} 2025-01-31T00:00:00Z 1.4e+07 CNAM export`,
		`{} 2025-02-28T00:00:00Z 1.45e+07 CNAM export`, // the newer file's sum
		`{} 2025-03-31T00:00:00Z 1.2e+07 CNAM export`,
	}
	equalLines(t, "stored points", h.stored(t, "mes_documents_fed_per_year"), want)

	if st = mustRun(t, m, "drop"); !st.NotModified || st.Points != (Points{}) {
		t.Errorf("second run, no new file: not modified %v, points %+v; want true, none", st.NotModified, st.Points)
	}

	writeDrop(t, dir, "export-2025-04.csv", "mois,systeme,documents\n2025-03,dmp,12000000\n2025-04,dmp,13000000\n", 4)
	if st = mustRun(t, m, "drop"); st.Points != (Points{New: 1, Unchanged: 1}) {
		t.Errorf("third run, one new file: points %+v, want only that file's: 1 new, 1 unchanged", st.Points)
	}

	// An export rewritten in place is read again.
	writeDrop(t, dir, "export-2025-02.csv", "mois,systeme,documents\n2025-01,dmp,10000000\n2025-01,mss,4100000\n", 5)
	if st = mustRun(t, m, "drop"); st.Points != (Points{Revised: 1}) {
		t.Errorf("fourth run, a rewritten file: points %+v, want 1 revised", st.Points)
	}
}

func TestFileURL(t *testing.T) {
	src, err := filepath.Abs("testdata/barometre-acv.json")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(`
[[puller]]
name = "acv"
type = "json"
schedule = "@daily"
indicator = "appli_carte_vitale_users"
url = "file://%s"

  [puller.json]
  items = "departements"
  points = "valeurs"
  time = "date"
  value = "valeur"
  labels = { department = "code_departement", region = "code_region" }
`, src))
	if st := mustRun(t, m, "acv"); st.Points != (Points{New: 6, NoValue: 2}) {
		t.Errorf("first run: points %+v, want 6 new, 2 without value", st.Points)
	}
	if st := mustRun(t, m, "acv"); !st.NotModified {
		t.Errorf("second run of an unchanged file: %+v, want not modified", st)
	}
}

func TestFileGzip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ins.csv.gz")
	if err := os.WriteFile(path, readTestdata(t, "ins-regions.csv.gz"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, "", nil)
	m := h.manager(t, fmt.Sprintf(`
[[puller]]
name = "ins"
type = "file"
schedule = "@daily"
indicator = "ins_qualified_share"
source = "data.gouv.fr"

  [puller.file]
  path = %q

  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux_ins_qualifiees"
  label_columns = { region = "code_region" }
`, path))
	mustRun(t, m, "ins")
	equalLines(t, "stored points", h.stored(t, "ins_qualified_share"), insPoints)
}
