package store_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/storetest"
)

// TestConformance runs the backend suite against the bbolt store. Reopen
// closes the store and opens its file again; Restore opens a backup as a
// store file.
func TestConformance(t *testing.T) {
	paths := map[store.Backend]string{}
	open := func(t *testing.T, path string, now func() time.Time) store.Backend {
		t.Helper()
		s, err := store.Open(path, store.Options{Now: now})
		if err != nil {
			t.Fatalf("Open(%s) = %v", path, err)
		}
		paths[s] = path
		return s
	}
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Backend {
		return open(t, filepath.Join(t.TempDir(), "jalon.db"), now)
	}, storetest.Options{
		Reopen: func(t *testing.T, b store.Backend, now func() time.Time) store.Backend {
			if err := b.Close(); err != nil {
				t.Fatalf("Close = %v", err)
			}
			return open(t, paths[b], now)
		},
		Restore: func(t *testing.T, backup []byte) store.Backend {
			path := filepath.Join(t.TempDir(), "restored.db")
			if err := os.WriteFile(path, backup, 0o600); err != nil {
				t.Fatal(err)
			}
			return open(t, path, time.Now)
		},
	})
}
