package evaluator

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

var now = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

func ptr(v float64) *float64 { return &v }

// testCatalog has one national share, one additive count with regions, and
// one indicator that never gets data.
func testCatalog() *indicators.Catalog {
	base := indicators.Anchor{Value: 0, Date: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}
	due := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	return &indicators.Catalog{Objectives: []indicators.Objective{{ID: "1-1", Indicators: []indicators.Indicator{
		{ID: "share", Objective: "1-1", Kind: indicators.KindLevel, Unit: "percent", Direction: indicators.Increase,
			Baseline: base, Milestones: []indicators.Milestone{{Value: ptr(90), Deadline: due}}, Dimensions: []string{"region"}},
		{ID: "users", Objective: "1-1", Kind: indicators.KindLevel, Unit: "count", Direction: indicators.Increase,
			Baseline: base, Milestones: []indicators.Milestone{{Value: ptr(1000), Deadline: due}}, Dimensions: []string{"region"}},
		{ID: "empty", Objective: "1-1", Kind: indicators.KindLevel, Unit: "count", Direction: indicators.Increase,
			Baseline: base, Milestones: []indicators.Milestone{{Value: ptr(10), Deadline: due}}},
	}}}}
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func m(ind, region string, t time.Time, v float64) indicators.Measurement {
	var ls indicators.Labels
	if region != "" {
		ls = indicators.Labels{{Name: "region", Value: region}}
	}
	return indicators.Measurement{Indicator: ind, Labels: ls, Time: t, Value: v}
}

func write(t *testing.T, st *store.Store, ms ...indicators.Measurement) {
	t.Helper()
	if _, err := st.Write(context.Background(), ms, "test"); err != nil {
		t.Fatal(err)
	}
}

func find(s *Snapshot, ind, region string) (Result, bool) {
	for _, r := range s.Of(ind) {
		if r.Labels.Get("region") == region {
			return r, true
		}
	}
	return Result{}, false
}

func TestLoadAndRefresh(t *testing.T) {
	st := openStore(t)
	day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	write(t, st, m("share", "", day(60), 40), m("share", "", day(30), 45), m("users", "84", day(30), 120))
	e := New(st, testCatalog(), Options{Now: func() time.Time { return now }})
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	s := e.Snapshot()
	if len(s.Results) != 3 {
		t.Fatalf("Load: %d results, want 3 (share, users{84}, empty placeholder)", len(s.Results))
	}
	if r, _ := find(s, "share", ""); r.Eval.Latest == nil || r.Eval.Latest.Value != 45 || r.Objective != "1-1" {
		t.Errorf("share = %+v, want latest 45 of objective 1-1", r)
	}
	if r, _ := find(s, "users", "84"); r.Eval.Target != -1 || r.Eval.Latest == nil {
		t.Errorf("users{84}: target %d, latest %v; want no target (a regional part of a count) and a latest value", r.Eval.Target, r.Eval.Latest)
	}
	if r, ok := find(s, "empty", ""); !ok || r.Eval.Status != indicators.StatusNoData {
		t.Errorf("empty = %+v, want a no_data placeholder", r)
	}

	ms := []indicators.Measurement{m("share", "84", day(1), 50), m("share", "", day(1), 47)}
	write(t, st, ms...)
	e.Touch(ms)
	if err := e.Refresh(); err != nil {
		t.Fatal(err)
	}
	next := e.Snapshot()
	if next.Generation <= s.Generation {
		t.Errorf("generation %d after a refresh, want > %d", next.Generation, s.Generation)
	}
	if r, ok := find(next, "share", "84"); !ok || r.Eval.Latest.Value != 50 || r.Eval.Target != 0 {
		t.Errorf("share{84} = %+v, want a new series judged against the target (a share)", r)
	}
	if r, _ := find(next, "share", ""); r.Eval.Latest.Value != 47 {
		t.Errorf("share latest = %v after refresh, want 47", r.Eval.Latest.Value)
	}
	if r, _ := find(s, "share", ""); r.Eval.Latest.Value != 45 {
		t.Errorf("the earlier snapshot changed: share latest = %v, want 45", r.Eval.Latest.Value)
	}
}

func TestSetCatalog(t *testing.T) {
	st := openStore(t)
	write(t, st, m("share", "", now.AddDate(0, -1, 0), 45))
	e := New(st, testCatalog(), Options{Now: func() time.Time { return now }})
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	c := testCatalog()
	c.Objectives[0].Indicators[0].Milestones[0].Value = ptr(50)
	e.SetCatalog(c)
	r, _ := find(e.Snapshot(), "share", "")
	if r.Eval.Status != indicators.StatusOnTrack || e.Catalog() != c {
		t.Errorf("after lowering the target to 50: status %s, want on_track with the new catalog in force", r.Eval.Status)
	}
}

// TestRun drives the loop in a synctest bubble: a write is evaluated after
// Settle, and every Interval re-evaluates everything.
func TestRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := openStore(t)
		e := New(st, testCatalog(), Options{Interval: time.Minute, Settle: 100 * time.Millisecond})
		if err := e.Load(); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- e.Run(ctx) }()

		ms := []indicators.Measurement{m("share", "", time.Now().Add(-time.Hour), 30)}
		write(t, st, ms...)
		e.Touch(ms)
		time.Sleep(150 * time.Millisecond)
		synctest.Wait()
		if r, _ := find(e.Snapshot(), "share", ""); r.Eval.Latest == nil || r.Eval.Latest.Value != 30 {
			t.Errorf("150ms after a write: share = %+v, want latest 30", r.Eval.Latest)
		}
		gen := e.Snapshot().Generation
		time.Sleep(time.Minute)
		synctest.Wait()
		if got := e.Snapshot().Generation; got != gen+1 {
			t.Errorf("a minute later: generation %d, want %d", got, gen+1)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v, want nil after cancel", err)
		}
	})
}

func TestRefreshGap(t *testing.T) {
	for _, tt := range []struct{ settle, took, want time.Duration }{
		{200 * time.Millisecond, 5 * time.Millisecond, 200 * time.Millisecond},
		{200 * time.Millisecond, 100 * time.Millisecond, 900 * time.Millisecond},
	} {
		if got := refreshGap(tt.settle, tt.took); got != tt.want {
			t.Errorf("refreshGap(%v, %v) = %v, want %v", tt.settle, tt.took, got, tt.want)
		}
	}
}

// BenchmarkTouch marks the series of a bulk batch as written: 10 000
// points of 100 regional series, grouped by series as imports send them.
func BenchmarkTouch(b *testing.B) {
	e := New(openStore(b), testCatalog(), Options{})
	var ms []indicators.Measurement
	for r := range 100 {
		for d := range 100 {
			ms = append(ms, m("users", fmt.Sprintf("%02d", r), now.AddDate(0, 0, -d), float64(d)))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		e.Touch(ms)
	}
}
