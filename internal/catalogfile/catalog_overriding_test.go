package catalogfile

import (
	"os"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// indicatorTOML is an indicator of objective 1-1 or 1-2 in an override
// file: the [[objective.indicator]] header, then id, name, kind and unit
// each on its own line.
func indicatorTOML(id, kind, unit string) string {
	ms := "    [[objective.indicator.milestone]]\n    value = 10\n    deadline = \"2024-12-31\"\n"
	if kind == "milestone" {
		ms = "    [[objective.indicator.milestone]]\n    deadline = \"2024-12-31\"\n"
	}
	return "  [[objective.indicator]]\n  id = \"" + id + "\"\n  name = \"N\"\n  kind = \"" + kind + "\"\n  unit = \"" + unit + "\"\n" + ms
}

func TestParseCatalogWarnings(t *testing.T) {
	base, err := os.ReadFile("testdata/base.toml")
	if err != nil {
		t.Fatal(err)
	}
	first := "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\n" + indicatorTOML("docs", "level", "count") + indicatorTOML("users", "level", "count") +
		"[[objective]]\nid = \"1-2\"\ntitle = \"U\"\n" + indicatorTOML("sites", "level", "count")
	tests := []struct {
		name, override string
		indicators     int // in the catalog
		want           []string
	}{
		{"no override", "", 3, nil},
		{"same definitions", first, 3, nil},
		{"objective without an indicator, kind and unit changed",
			"[[objective]]\nid = \"1-1\"\ntitle = \"T2\"\n" + indicatorTOML("docs", "milestone", "done"), 2,
			[]string{
				`two.toml:2: objective.id: warning: replaces objective "1-1" of one.toml:2 as a whole, without its indicator users: it leaves the catalog (repeat it here to keep it)`,
				`two.toml:7: objective.indicator.kind: warning: indicator docs was of kind level (one.toml:7), now milestone: its stored points are read with the new kind`,
				`two.toml:8: objective.indicator.unit: warning: indicator docs had unit count (one.toml:8), now done: its stored points are read in the new unit`,
			}},
		{"an indicator moved to another objective stays",
			"[[objective]]\nid = \"1-1\"\ntitle = \"T2\"\n" + indicatorTOML("docs", "level", "count") +
				"[[objective]]\nid = \"1-3\"\ntitle = \"V\"\n" + indicatorTOML("users", "level", "count"),
			3, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cat, warnings, err := ParseCatalogWarnings(tomlcheck.Source{Name: "base.toml", Data: base}, tomlcheck.Source{Name: "one.toml", Data: []byte(first)}, tomlcheck.Source{Name: "two.toml", Data: []byte(tc.override)})
			if err != nil {
				t.Fatalf("ParseCatalogWarnings() = %v", err)
			}
			if got, want := warnings.Error(), strings.Join(tc.want, "\n"); got != want {
				t.Errorf("ParseCatalogWarnings() warnings:\n%s\nwant:\n%s", got, want)
			}
			if got := cat.Count().Indicators; got != tc.indicators {
				t.Errorf("ParseCatalogWarnings() has %d indicators, want %d", got, tc.indicators)
			}
		})
	}
}
