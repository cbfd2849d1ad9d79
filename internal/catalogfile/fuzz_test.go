package catalogfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// addSeeds adds every test file and every inline bad case to the corpus.
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.toml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	base, _ := os.ReadFile("testdata/base.toml")
	for _, tc := range catalogProblemCases() {
		f.Add(append(append([]byte{}, base...), tc.toml...))
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

// FuzzParseCatalog checks that parsing never panics, that problems carry
// lines of the file, and that a catalog it accepts, written back as one file,
// parses again to the same catalog.
func FuzzParseCatalog(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		cat, err := ParseCatalog(tomlcheck.Source{Name: "fuzz.toml", Data: data})
		if err != nil {
			checkProblems(t, err, "fuzz.toml", data)
			return
		}
		var buf bytes.Buffer
		if err := EncodeCatalog(&buf, cat); err != nil {
			t.Fatalf("EncodeCatalog() = %v", err)
		}
		again, err := ParseCatalog(tomlcheck.Source{Name: "encoded.toml", Data: buf.Bytes()})
		if err != nil {
			t.Fatalf("ParseCatalog(EncodeCatalog(c)) = %v\n%s", err, buf.String())
		}
		if !reflect.DeepEqual(again, cat) {
			t.Fatalf("ParseCatalog(EncodeCatalog(c)) =\n%+v\nwant\n%+v", again, cat)
		}
	})
}
