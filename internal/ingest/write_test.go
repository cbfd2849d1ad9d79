package ingest

import (
	"path/filepath"
	"testing"

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
	ev := evaluator.New(st, &indicators.Catalog{}, evaluator.Options{})
	p, err := NewPipeline(st, ev, nil)
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
