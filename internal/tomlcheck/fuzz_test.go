package tomlcheck

import (
	"os"
	"path/filepath"
	"testing"
)

// testFiles reads the TOML files of the packages built on this one, a
// corpus of every kind of table and value Jalon's files hold.
func testFiles(t testing.TB) map[string][]byte {
	files, _ := filepath.Glob("../config/testdata/*.toml")
	catalogs, _ := filepath.Glob("../catalogfile/testdata/*.toml")
	srcs := map[string][]byte{}
	for _, name := range append(files, catalogs...) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		srcs[name] = data
	}
	if len(srcs) == 0 {
		t.Fatal("no test files in ../config/testdata or ../catalogfile/testdata")
	}
	return srcs
}

// FuzzScanKeys checks that the key scanner ends on any input and agrees
// with the TOML library on valid documents.
func FuzzScanKeys(f *testing.F) {
	for _, data := range testFiles(f) {
		f.Add(data)
	}
	f.Add([]byte(trickyTOML))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkScanMatches(t, data)
	})
}
