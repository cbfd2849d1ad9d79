package tomlcheck

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyImporterOfTOML keeps this package the only one whose code imports
// the TOML library, and keeps it free of Jalon's packages: it knows no kind
// of file. Tests may use the library (catalogfile encodes catalogs with it).
func TestOnlyImporterOfTOML(t *testing.T) {
	const module, lib = "github.com/jalonhq/jalon/", "github.com/BurntSushi/toml"
	self, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir, err := filepath.Abs(filepath.Dir(path))
		if err != nil {
			return err
		}
		here := dir == self
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case p == lib && !here:
				t.Errorf("%s imports %s: read TOML with package tomlcheck", path, lib)
			case here && strings.HasPrefix(p, module):
				t.Errorf("%s imports %s: tomlcheck knows no kind of file", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
