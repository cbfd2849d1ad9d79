package etcdstore_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// TestNewerKindStops: an entry of a kind this jalond does not know (a newer
// jalond's) stops the replica that meets it, at once and on every path:
// skipping it would leave a copy that silently differs from the newer
// replicas'.
func TestNewerKindStops(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, nil)
	defer a.Close()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := indicators.Measurement{Indicator: "x", Time: at, Value: 1, Source: "s"}
	if _, err := a.Write(t.Context(), []indicators.Measurement{m}, "w"); err != nil {
		t.Fatal(err)
	}
	// What a newer jalond appends: entry 2, a kind this one lacks.
	seq, err := etcdstore.StageAndCommit(a, t.Context(), []byte(`{"kind":"from_the_future","time":"2026-01-01T00:00:00Z"}`), func() {})
	if err != nil || seq != 2 {
		t.Fatalf("StageAndCommit = %d, %v; want entry 2", seq, err)
	}
	want := func(what string, err error) {
		t.Helper()
		if err == nil || !errors.Is(err, store.ErrSchemaTooNew) ||
			!strings.Contains(err.Error(), `entry 2 was written by a newer jalond (kind "from_the_future"): upgrade this replica`) {
			t.Errorf("%s = %v; want entry 2 named as a newer jalond's, upgrade this replica", what, err)
		}
	}
	want("Sync after the newer entry", a.Sync(t.Context()))
	want("InSync", a.InSync())
	m.Value = 2
	_, err = a.Write(t.Context(), []indicators.Measurement{m}, "w")
	want("Write", err)
	_, err = a.Series()
	want("a read", err)

	// A replica started on that prefix stops at start, saying the same.
	_, err = etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir()})
	want("Open on the prefix", err)
}
