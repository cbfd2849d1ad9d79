package arch

import (
	"bufio"
	"flag"
	"fmt"
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

var update = flag.Bool("update", false, "rewrite the package graph of docs/architecture.md from the imports")

const (
	graphStart = "```mermaid"
	graphEnd   = "```"
)

// graph returns the mermaid lines of the package graph: one edge per import
// of ours, the binaries left out (they import whatever they wire).
func graph(pkgs map[string][]string) []string {
	var lines []string
	for pkg, imports := range pkgs {
		if strings.HasPrefix(pkg, "cmd/") || strings.HasPrefix(pkg, "bench/") {
			continue
		}
		for _, imp := range imports {
			lines = append(lines, fmt.Sprintf("  %s --> %s", node(pkg), node(imp)))
		}
	}
	slices.Sort(lines)
	return append([]string{"flowchart LR"}, lines...)
}

// node names a package in mermaid: its path is also its label.
func node(pkg string) string {
	return strings.NewReplacer("/", "_").Replace(pkg) + `["` + pkg + `"]`
}

// TestGraphIsTrue keeps the drawing of docs/architecture.md equal to the
// imports; -update redraws it.
func TestGraphIsTrue(t *testing.T) {
	const doc = "../../docs/architecture.md"
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, graphStart+"\n")
	end := strings.Index(text[start+len(graphStart)+1:], graphEnd+"\n")
	if start < 0 || end < 0 {
		t.Fatalf("%s: no %s block", doc, graphStart)
	}
	end += start + len(graphStart) + 1
	got := strings.Split(strings.TrimSuffix(text[start+len(graphStart)+1:end], "\n"), "\n")
	want := graph(packages(t, "../.."))
	if slices.Equal(got, want) {
		return
	}
	if *update {
		text = text[:start+len(graphStart)+1] + strings.Join(want, "\n") + "\n" + text[end:]
		if err := os.WriteFile(doc, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("%s: the package graph lacks the import %s", doc, strings.TrimSpace(l))
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("%s: the package graph draws %s, which no package imports", doc, strings.TrimSpace(l))
		}
	}
	t.Log("go test ./internal/arch -update redraws it")
}
