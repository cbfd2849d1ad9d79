package storecmp_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/storecmp"
)

func twoStores(t *testing.T) (*store.Store, *store.Store) {
	t.Helper()
	clock := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	var out [2]*store.Store
	for i := range out {
		st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		ms := []indicators.Measurement{
			{Indicator: "x", Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Value: 1, Source: "s"},
			{Indicator: "x", Time: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), Value: 2, Source: "s"},
		}
		if _, err := st.Write(t.Context(), ms, "w"); err != nil {
			t.Fatal(err)
		}
		if err := st.PutState(store.StateAlerts, "k", []byte("v")); err != nil {
			t.Fatal(err)
		}
		out[i] = st
	}
	return out[0], out[1]
}

// Equal stores compare equal; each kind of difference is found and named.
func TestCompareNamesTheFirstDifference(t *testing.T) {
	a, b := twoStores(t)
	if c, err := storecmp.Compare(a, b, nil); err != nil || c.Series != 1 || c.Points != 2 || c.AuditEntries != 1 || c.StateEntries != 1 {
		t.Fatalf("Compare(equal stores) = %v, %v", c, err)
	}
	for _, tc := range []struct {
		name   string
		change func(st *store.Store) error
		want   string
	}{
		{"a revised point", func(st *store.Store) error {
			_, err := st.Write(t.Context(), []indicators.Measurement{{Indicator: "x", Time: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), Value: 3, Source: "s"}}, "w")
			return err
		}, "series 1 (x{}): point 2025-02-01T00:00:00Z differs"},
		{"a state value", func(st *store.Store) error { return st.PutState(store.StateAlerts, "k", []byte("other")) }, `state bucket alerts: key "k" differs`},
		{"an extra state key", func(st *store.Store) error { return st.PutState(store.StateOutbox, "n", []byte("x")) }, `state bucket outbox: key "n": in B, not in A`},
		{"an indicator revision", func(st *store.Store) error {
			_, _, err := st.PutIndicator(store.StoredIndicator{ID: "x", Name: "X", Unit: "count"}, "c", "r")
			return err
		}, "indicator x: in B, not in A"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := twoStores(t)
			if err := tc.change(b); err != nil {
				t.Fatal(err)
			}
			_, err := storecmp.Compare(a, b, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Compare = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
