package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
)

// TestSessionKey keeps the key it makes in the store, so that sessions
// outlive a restart, and prefers the configured one.
func TestSessionKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	key := func(cfg config.OIDC) []byte {
		t.Helper()
		st, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		k, err := sessionKey(cfg, st)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	first := key(config.OIDC{})
	if len(first) < 32 {
		t.Fatalf("made key of %d bytes, want 32 or more", len(first))
	}
	if again := key(config.OIDC{}); !bytes.Equal(again, first) {
		t.Errorf("key after a restart differs from the first")
	}
	configured := config.Secret("a key of thirty-two characters!!")
	if got := key(config.OIDC{SessionKey: configured}); string(got) != string(configured) {
		t.Errorf("sessionKey with a configured key = %q, want it", got)
	}
}
