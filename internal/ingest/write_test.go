package ingest

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

func TestOnWrite(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := NewPipeline(st, func() *indicators.Catalog { return &indicators.Catalog{} }, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]indicators.Measurement
	p.OnWrite(func(ms []indicators.Measurement) { got = append(got, ms) })
	ms := []indicators.Measurement{{Indicator: "count", Time: now, Value: 1}}
	for range 2 {
		if _, err := p.Write(t.Context(), ms, "test", "push"); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 1 || len(got[0]) != 1 {
		t.Errorf("OnWrite saw %v, want the first write only (the second changed nothing)", got)
	}
}

// TestOnWriteOrderAndFailure: subscribers run in the order they subscribed,
// before Write returns, and a write the store refuses notifies nobody.
func TestOnWriteOrderAndFailure(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPipeline(st, func() *indicators.Catalog { return &indicators.Catalog{} }, nil)
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	p.OnWrite(func([]indicators.Measurement) { calls = append(calls, "first") })
	p.OnWrite(func([]indicators.Measurement) { calls = append(calls, "second") })
	ms := []indicators.Measurement{{Indicator: "count", Time: now, Value: 1}}
	if _, err := p.Write(t.Context(), ms, "test", "push"); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(calls) != "[first second]" {
		t.Errorf("after a write, subscribers ran %v, want [first second]", calls)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	ms[0].Value = 2
	if _, err := p.Write(t.Context(), ms, "test", "push"); !errors.Is(err, store.ErrClosed) {
		t.Fatalf("Write to a closed store = %v, want ErrClosed", err)
	}
	if len(calls) != 2 {
		t.Errorf("a refused write ran subscribers: %v", calls)
	}
}

// TestEvaluatorSubscribed wires the evaluator as the daemon does, through
// OnWrite: a read right after an acknowledged write includes it.
func TestEvaluatorSubscribed(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ev := evaluator.New(st, countCatalog(), evaluator.Options{Interval: time.Hour, Settle: time.Hour, Now: func() time.Time { return now }})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	p, err := NewPipeline(st, ev.Catalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.OnWrite(ev.Touch)
	ms := []indicators.Measurement{{Indicator: "count", Time: now.Add(-time.Hour), Value: 42}}
	if _, err := p.Write(t.Context(), ms, "test", "push"); err != nil {
		t.Fatal(err)
	}
	for _, r := range ev.Current(t.Context()).Results {
		if r.Indicator == "count" && r.Eval.Latest != nil && r.Eval.Latest.Value == 42 {
			return
		}
	}
	t.Error("Current right after a write through the pipeline does not show count = 42")
}

// countCatalog has one indicator, count, without labels.
func countCatalog() *indicators.Catalog {
	hundred := 100.0
	return &indicators.Catalog{Objectives: []indicators.Objective{{ID: "1-1", Indicators: []indicators.Indicator{
		{ID: "count", Kind: indicators.KindLevel, Unit: "count", Milestones: []indicators.Milestone{{Value: &hundred, Deadline: now}}},
	}}}}
}
