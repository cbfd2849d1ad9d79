package evaluator

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// TestCurrentSeesAcknowledgedWrites reads right after a write, with a Settle
// far longer than the test: the read gets the written point at once,
// because it has the refresh run now instead of after Settle.
func TestCurrentSeesAcknowledgedWrites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := openStore(t)
		e := New(st, testCatalog(), Options{Interval: 24 * time.Hour, Settle: time.Hour})
		if err := e.Load(); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go e.Run(ctx)

		before := e.Current(ctx)
		if again := e.Current(ctx); again != before {
			t.Errorf("Current without writes = generation %d, want the same snapshot (%d)", again.Generation, before.Generation)
		}
		ms := []indicators.Measurement{m("share", "84", time.Now().Add(-time.Hour), 30)}
		write(t, st, ms...)
		e.Touch(ms)
		start := time.Now()
		s := e.Current(ctx)
		if r, ok := find(s, "share", "84"); !ok || r.Eval.Latest == nil || r.Eval.Latest.Value != 30 {
			t.Errorf("Current right after a write: share{region=84} = %+v, want latest 30", r.Eval.Latest)
		}
		if waited := time.Since(start); waited >= time.Hour {
			t.Errorf("Current waited %v, the whole Settle", waited)
		}
		if s.Touched != 1 {
			t.Errorf("Current().Touched = %d, want 1", s.Touched)
		}
	})
}

// TestCurrentWithoutRun reads after a write that Run will not evaluate
// (it is not running): the read evaluates it itself.
func TestCurrentWithoutRun(t *testing.T) {
	st := openStore(t)
	e := New(st, testCatalog(), Options{Now: func() time.Time { return now }})
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	ms := []indicators.Measurement{m("users", "", now.Add(-time.Hour), 42)}
	write(t, st, ms...)
	e.Touch(ms)
	if r, ok := find(e.Current(context.Background()), "users", ""); !ok || r.Eval.Latest == nil || r.Eval.Latest.Value != 42 {
		t.Errorf("Current after a write: users = %+v, want latest 42", r.Eval.Latest)
	}
}
