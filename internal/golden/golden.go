// Package golden compares what a test produced with a file kept beside it
// in testdata/, and rewrites the file when the tests run with -update. A
// mismatch is reported as a line diff, so that a reviewer sees what
// changed without rerunning anything.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files with what the tests produce")

// Compare fails t with a diff when got differs from the file at path, or
// rewrites the file with -update.
func Compare(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (go test -update writes it; review it before committing)", err)
	}
	if string(want) != string(got) {
		t.Errorf("output differs from %s (- file, + test); go test -update rewrites the file:\n%s", path, Diff(string(want), string(got)))
	}
}
