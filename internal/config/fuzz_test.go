package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// addSeeds adds every test file, of this package and of the catalog files'
// (a catalog given in the place of a configuration), to the corpus.
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.toml")
	catalogs, _ := filepath.Glob("../catalogfile/testdata/*.toml")
	for _, name := range append(files, catalogs...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkProblems checks that err lists problems of file, each on a line of data.
func checkProblems(t *testing.T, err error, file string, data []byte) {
	var probs tomlcheck.Problems
	if !errors.As(err, &probs) || len(probs) == 0 {
		t.Fatalf("error %v is not a list of problems", err)
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, p := range probs {
		if p.File != file || p.Line < 1 || p.Line > lines || p.Msg == "" {
			t.Errorf("problem %q: want file %s, a line in [1, %d], a message", p, file, lines)
		}
	}
}

// FuzzParseDaemon checks that parsing never panics and that an accepted
// configuration is complete.
func FuzzParseDaemon(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDaemon(tomlcheck.Source{Name: "fuzz.toml", Data: data})
		if err != nil {
			checkProblems(t, err, "fuzz.toml", data)
			return
		}
		if d.Timezone == nil || d.EvaluationInterval <= 0 || d.ListenAddress == "" || d.StoragePath == "" {
			t.Fatalf("ParseDaemon() = %+v, want every default filled in", d)
		}
		for _, tok := range d.Tokens {
			if !validHash(tok.Hash) || len(tok.Scopes) == 0 || tok.Name == "" {
				t.Fatalf("ParseDaemon() token %+v, want a name, a valid hash and scopes", tok)
			}
		}
	})
}
