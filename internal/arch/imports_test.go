package arch

import (
	"bufio"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/jalonhq/jalon/"

// rule is one row of the package table: what a package may import of ours.
type rule struct {
	line    int
	any     bool // the binaries wire everything together
	allowed []string
}

var backticked = regexp.MustCompile("`([^`]+)`")

// readRules parses the "## Packages" table of docs/architecture.md: the first
// cell names one or more packages, the last what they may import ("none",
// "any", or a list of packages).
func readRules(t *testing.T, path string) map[string]rule {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules := map[string]rule{}
	in := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## Packages"
			continue
		}
		if !in || !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		r := parseAllowed(n, strings.TrimSpace(cells[len(cells)-1]))
		for _, m := range backticked.FindAllStringSubmatch(cells[0], -1) {
			if _, dup := rules[m[1]]; dup {
				t.Errorf("%s:%d: package %s has two rows", path, n, m[1])
			}
			rules[m[1]] = r
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rules) == 0 {
		t.Fatalf("%s: no package table under \"## Packages\"", path)
	}
	return rules
}

func parseAllowed(line int, cell string) rule {
	r := rule{line: line, any: cell == "any"}
	for _, m := range backticked.FindAllStringSubmatch(cell, -1) {
		r.allowed = append(r.allowed, m[1])
	}
	return r
}

// packages returns every package directory of the module with the imports of
// ours of its non-test files (tests may reach further: peers, golden files).
func packages(t *testing.T, root string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		pkg, err := build.Default.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files, or only tests
		}
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = ours(pkg.Imports)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func ours(imports []string) []string {
	var out []string
	for _, imp := range imports {
		if rest, ok := strings.CutPrefix(imp, module); ok {
			out = append(out, rest)
		}
	}
	return out
}

func TestImportsFollowArchitecture(t *testing.T) {
	const doc = "../../docs/architecture.md"
	rules := readRules(t, doc)
	pkgs := packages(t, "../..")
	for pkg, imports := range pkgs {
		r, ok := rules[pkg]
		if !ok {
			t.Errorf("package %s is not in the table of %s: add a row saying what it owns and may import", pkg, doc)
			continue
		}
		for _, imp := range imports {
			if !r.any && !slices.Contains(r.allowed, imp) {
				t.Errorf("%s imports %s, which %s:%d does not allow: move the code, or change the rule there and say why", pkg, imp, doc, r.line)
			}
		}
	}
	for pkg, r := range rules {
		if _, ok := pkgs[pkg]; !ok {
			t.Errorf("%s:%d names package %s, which does not exist", doc, r.line, pkg)
		}
	}
}
