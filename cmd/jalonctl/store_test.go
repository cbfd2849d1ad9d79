package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// liveCopy writes points to a store left open, as a daemon killed would
// leave it, and copies its file (and its log, if withLog) into a new
// directory, which it returns.
func liveCopy(t *testing.T, withLog bool) string {
	t.Helper()
	src := t.TempDir()
	st, err := store.Open(filepath.Join(src, "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for i := range 5 {
		ms := []indicators.Measurement{{Indicator: "docs", Time: time.Date(2026, 1, i+1, 0, 0, 0, 0, time.UTC), Value: float64(i)}}
		if _, err := st.Write(t.Context(), ms, "t"); err != nil {
			t.Fatal(err)
		}
	}
	st.Stats() // waits until the log is applied: the copy is consistent
	dir := t.TempDir()
	copyTree(t, src, dir, withLog)
	return dir
}

func copyTree(t *testing.T, from, to string, withLog bool) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(from, p)
		switch {
		case err != nil:
			return err
		case !withLog && strings.HasPrefix(rel, "jalon.db-wal"):
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStoreRepair(t *testing.T) {
	damaged := liveCopy(t, true)
	seg := filepath.Join(damaged, "jalon.db-wal", "00000000000000000001")
	b, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	b[8+12+2] ^= 0x10 // the first record's payload, after the segment and frame headers
	if err := os.WriteFile(seg, b, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir string
		code      int
		stdout    []string
		stderr    string
	}{
		{"damaged log", damaged, 0, []string{"write-ahead log repaired; the store file held the records up to 5\n",
			"  kept: 0 records (0 points), replayed into the store file\n  lost: 0 records\n",
			"  damaged: segment 00000000000000000001 bytes 8-", ": record fails its checksum\n",
			"  segments moved to " + filepath.Join(damaged, "jalon.db-wal.damaged-")}, ""},
		{"repaired log", damaged, 0, []string{"nothing to repair"}, ""},
		{"missing log", liveCopy(t, false), 0, []string{"the write-ahead log was missing: the store file is accepted as it is, with the records up to 5"}, ""},
		{"no store", t.TempDir(), 0, []string{"nothing to repair: no store file here"}, ""},
		{"empty store file", emptyStore(t), 1, nil, "the file is empty (0 bytes)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, "", "store", "repair", tc.dir)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Fatalf("store repair = status %d, stderr %q; want %d, %q", code, stderr, tc.code, tc.stderr)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("store repair printed\n%s\nwant it to contain %q", stdout, want)
				}
			}
			if code != 0 || tc.name == "no store" {
				if _, err := os.Stat(filepath.Join(tc.dir, "jalon.db")); tc.name == "no store" && err == nil {
					t.Error("store repair created a store file")
				}
				return
			}
			st, err := store.Open(filepath.Join(tc.dir, "jalon.db"), store.Options{})
			if err != nil {
				t.Fatalf("after the repair: %v", err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func emptyStore(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "jalon.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The repair refuses to run beside a daemon holding the store.
func TestStoreRepairLocked(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, stderr, code := runCLI(t, "", "store", "repair", dir)
	if code != 1 || !strings.Contains(stderr, "stop jalond first") {
		t.Errorf("store repair of an open store = status %d, stderr %q; want 1, stop jalond first", code, stderr)
	}
}
