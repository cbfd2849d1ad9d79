package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

type problemCase struct {
	name string
	toml string
	want []string
}

// checkLines checks that each problem's line exists and names a part of its
// key: the key itself, or the table header it is missing from.
func checkLines(t *testing.T, src string, probs tomlcheck.Problems) {
	t.Helper()
	lines := strings.Split(src, "\n")
	for _, p := range probs {
		if p.Line < 1 || p.Line > len(lines) {
			t.Errorf("problem %q: line %d is not in the file", p, p.Line)
			continue
		}
		parts := strings.Split(p.Key, ".")
		for i, part := range parts {
			parts[i], _, _ = strings.Cut(part, "[") // scopes[1]: the line names scopes
		}
		element := strings.HasSuffix(p.Key, "]") // on a line of its own, with no key
		if p.Key != "" && !element && !containsAny(lines[p.Line-1], parts) {
			t.Errorf("problem %q: line %d %q names no part of the key", p, p.Line, lines[p.Line-1])
		}
	}
}

func containsAny(s string, parts []string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// daemonProblems parses toml as the daemon configuration jalon.toml and
// checks that it is refused with exactly the problems want, in order.
func daemonProblems(t *testing.T, toml string, want []string) tomlcheck.Problems {
	t.Helper()
	_, err := ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(toml)})
	var probs tomlcheck.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("ParseDaemon() error = %v, want Problems", err)
	}
	if got, w := err.Error(), strings.Join(want, "\n"); got != w {
		t.Errorf("ParseDaemon() problems:\n%s\nwant:\n%s", got, w)
	}
	return probs
}

// loadGood loads the catalog file the catalog's own tests use, for the
// references a configuration makes into a catalog.
func loadGood(t *testing.T) *indicators.Catalog {
	t.Helper()
	srcs, err := catalogfile.LoadCatalogFiles("../catalogfile/testdata/good.toml")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalogfile.ParseCatalog(srcs...)
	if err != nil {
		t.Fatalf("ParseCatalog(good.toml) = %v", err)
	}
	return cat
}
