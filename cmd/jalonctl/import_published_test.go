package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// TestImportPublishedFigures imports figures as published: a period, a
// bound and a link per row; a row with an unknown qualifier is named by
// its line and field.
func TestImportPublishedFigures(t *testing.T) {
	url, st, _ := daemon(t)
	file := filepath.Join(t.TempDir(), "published.csv")
	os.WriteFile(file, []byte("indicator,start,time,value,qualifier,source,source_url\n"+
		"mes_documents_fed_per_year,2024-01-01,2024-12-31,300000000,,CNAM,https://example.org/2024\n"+
		"mes_documents_fed_per_year,2025-01-01,2025-12-31,420000000,plus_de,CNAM,https://example.org/2025\n"), 0o644)
	stdout, _, code := runCLI(t, "", "import", "--url", url, "--progress", "none", file)
	if code != 1 || !strings.Contains(stdout, file+`:3: qualifier: "plus_de" is not a qualifier`) {
		t.Errorf("import = %d\n%s, want the bad qualifier named by its line", code, stdout)
	}
	id, err := st.SeriesID("mes_documents_fed_per_year", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []store.PointMeta
	err = st.PointDetails(id, time.Time{}, time.Time{}, func(_ indicators.Point, _ string, pm store.PointMeta) error {
		got = append(got, pm)
		return nil
	})
	if err != nil || len(got) != 1 || got[0].SourceURL != "https://example.org/2024" || got[0].Start.Format(time.DateOnly) != "2024-01-01" {
		t.Errorf("imported points = %+v, %v; want the 2024 total with its start and URL", got, err)
	}
}
