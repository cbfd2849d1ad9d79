package evaluator

import (
	"fmt"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/jalonhq/jalon/indicators"
)

func TestEntryLabelsShareKey(t *testing.T) {
	for _, ls := range []indicators.Labels{
		nil,
		{{Name: "region", Value: "84"}},
		{{Name: "a", Value: `x",b="y`}, {Name: "c", Value: ""}, {Name: "d", Value: "{}"}},
	} {
		en := newEntry(1, "ind", ls, "")
		if en.key != seriesKey("ind", ls) || !slices.Equal(en.labels, ls) {
			t.Errorf("newEntry(%v): key %q, labels %v; want %q, %v", ls, en.key, en.labels, seriesKey("ind", ls), ls)
		}
		for _, l := range en.labels {
			for _, s := range []string{l.Name, l.Value} {
				if s != "" && !within(s, en.key) {
					t.Errorf("newEntry(%v): label string %q is a copy, not part of the key %q", ls, s, en.key)
				}
			}
		}
	}
}

func within(s, in string) bool {
	p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(in)))
	return p >= lo && p+uintptr(len(s)) <= lo+uintptr(len(in))
}

// TestRefreshKeepsUntouchedEvaluations checks that a refresh re-evaluates
// the touched series only, the others keeping their earlier evaluation, and
// that a series whose indicator comes back into the catalog is evaluated
// rather than given an empty evaluation.
func TestRefreshKeepsUntouchedEvaluations(t *testing.T) {
	st := openStore(t)
	clock := now
	write(t, st, m("share", "", now.AddDate(0, -1, 0), 45), m("users", "84", now.AddDate(0, -1, 0), 120))
	e := New(st, testCatalog(), Options{Now: func() time.Time { return clock }})
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	before, _ := find(e.Snapshot(), "users", "84")

	clock = now.Add(time.Hour)
	ms := []indicators.Measurement{m("share", "", now.AddDate(0, 0, -1), 47)}
	write(t, st, ms...)
	e.Touch(ms)
	if err := e.Refresh(); err != nil {
		t.Fatal(err)
	}
	if r, _ := find(e.Snapshot(), "share", ""); !r.Eval.Now.Equal(clock) || r.Eval.Latest.Value != 47 {
		t.Errorf("touched share: evaluated at %v with latest %v, want %v and 47", r.Eval.Now, r.Eval.Latest, clock)
	}
	if r, _ := find(e.Snapshot(), "users", "84"); !r.Eval.Now.Equal(before.Eval.Now) || r.Eval.Latest != before.Eval.Latest {
		t.Errorf("untouched users{84} evaluated at %v, latest %p; want its earlier evaluation, at %v, latest %p",
			r.Eval.Now, r.Eval.Latest, before.Eval.Now, before.Eval.Latest)
	}

	without := testCatalog()
	without.Objectives[0].Indicators = slices.DeleteFunc(without.Objectives[0].Indicators,
		func(ind indicators.Indicator) bool { return ind.ID == "users" })
	e.SetCatalog(without)
	if r, ok := find(e.Snapshot(), "users", "84"); ok {
		t.Fatalf("users removed from the catalog, still in the snapshot: %+v", r)
	}
	// A catalog in force but not yet evaluated, as when a refresh runs
	// between SetCatalog's swap and its evaluation.
	clock = now.Add(2 * time.Hour)
	e.catalog.Store(testCatalog())
	e.Touch(ms)
	if err := e.Refresh(); err != nil {
		t.Fatal(err)
	}
	r, ok := find(e.Snapshot(), "users", "84")
	if !ok || r.Eval.Latest == nil || r.Eval.Latest.Value != 120 || !r.Eval.Now.Equal(clock) || r.Objective != "1-1" {
		t.Errorf("users{84} back in the catalog: %+v, want it evaluated at %v with latest 120", r, clock)
	}
}

// TestRefreshUpdatesInPlace touches series already loaded and new ones, of
// two indicators: each must end up once in the snapshot, with its new point.
func TestRefreshUpdatesInPlace(t *testing.T) {
	st := openStore(t)
	var old []indicators.Measurement
	for i := range 40 {
		old = append(old, m("share", fmt.Sprint(i), now.AddDate(0, -1, 0), 1), m("users", fmt.Sprint(i), now.AddDate(0, -1, 0), 1))
	}
	write(t, st, old...)
	e := New(st, testCatalog(), Options{Now: func() time.Time { return now }})
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	var fresh []indicators.Measurement
	for i := 30; i < 50; i++ { // 10 loaded series and 10 new, in each indicator
		fresh = append(fresh, m("users", fmt.Sprint(i), now.AddDate(0, 0, -1), 2), m("share", fmt.Sprint(i), now.AddDate(0, 0, -1), 2))
	}
	write(t, st, fresh...)
	e.Touch(fresh)
	if err := e.Refresh(); err != nil {
		t.Fatal(err)
	}
	s := e.Snapshot()
	if want := 2*50 + 1; len(s.Results) != want { // and the empty placeholder
		t.Fatalf("%d results after the refresh, want %d", len(s.Results), want)
	}
	for _, ind := range []string{"share", "users"} {
		for i := range 50 {
			r, ok := find(s, ind, fmt.Sprint(i))
			want := 1.0
			if i >= 30 {
				want = 2
			}
			if !ok || r.Eval.Latest == nil || r.Eval.Latest.Value != want {
				t.Errorf("%s{region=%d} = %+v, want latest %g", ind, i, r, want)
			}
		}
	}
}
