package evaluator

import (
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// TestRefreshAfterDelete checks that a deleted series leaves the snapshot
// and that a deleted point leaves its series' evaluation, once touched.
func TestRefreshAfterDelete(t *testing.T) {
	st := openStore(t)
	day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	write(t, st, m("share", "", day(60), 40), m("share", "", day(30), 45), m("users", "84", day(30), 120))
	e := New(st, testCatalog(), Options{Now: func() time.Time { return now }})
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	users := indicators.Labels{{Name: "region", Value: "84"}}
	targets := []store.Target{{Indicator: "users", Labels: users}, {Indicator: "share", At: day(30)}}
	if _, err := st.Delete(t.Context(), targets, "test push", "admin"); err != nil {
		t.Fatal(err)
	}
	e.Touch([]indicators.Measurement{{Indicator: "users", Labels: users}, {Indicator: "share"}})
	s := e.Current(t.Context())
	if r, ok := find(s, "users", "84"); ok {
		t.Errorf("users{region=84} still in the snapshot after its deletion: %+v", r)
	}
	if r, _ := find(s, "share", ""); r.Eval.Latest == nil || r.Eval.Latest.Value != 40 {
		t.Errorf("share latest = %+v, want 40 (the point of day 30 deleted)", r.Eval.Latest)
	}
}
