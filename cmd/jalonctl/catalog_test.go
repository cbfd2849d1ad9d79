package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCatalogCheckWarnings checks that an override file that drops
// indicators of the files before it, or changes an indicator's kind or
// unit, passes with a warning for each.
func TestCatalogCheckWarnings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "override.toml")
	writeTestFile(t, path, `[[objective]]
id = "1-1"
title = "Replaced"
  [[objective.indicator]]
  id = "mes_documents_per_year"
  name = "Documents"
  kind = "level"
  unit = "count"
    [[objective.indicator.milestone]]
    value = 400e6
    deadline = "2026-12-31"

[[objective]]
id = "1-4"
title = "Replaced without indicators"
`)
	stdout, stderr, code := runCLI(t, "", "catalog", "check", "testdata/small.toml", path)
	wantErr := path + `:7: objective.indicator.kind: warning: indicator mes_documents_per_year was of kind rate (testdata/small.toml:21), now level: its stored points are read with the new kind
` + path + `:8: objective.indicator.unit: warning: indicator mes_documents_per_year had unit per_year (testdata/small.toml:22), now count: its stored points are read in the new unit
` + path + `:14: objective.id: warning: replaces objective "1-4" of testdata/small.toml:36 as a whole, without its indicators portals_share, portals_launch: they leave the catalog (repeat them here to keep them)
`
	if code != 0 || stderr != wantErr || !strings.Contains(stdout, " 1 indicators, ") {
		t.Errorf("jalonctl catalog check override = status %d, stdout:\n%s\nstderr:\n%s\nwant status 0, 1 indicator, stderr:\n%s", code, stdout, stderr, wantErr)
	}
}
