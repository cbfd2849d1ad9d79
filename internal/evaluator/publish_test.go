package evaluator

import (
	"testing"
	"time"
)

func TestSuperseded(t *testing.T) {
	e := New(openStore(t), testCatalog(), Options{Now: func() time.Time { return now }})
	first := e.Snapshot()
	select {
	case <-first.Superseded():
		t.Fatal("Superseded() of the latest snapshot is closed, want open")
	default:
	}
	e.EvaluateAll()
	second := e.Snapshot()
	select {
	case <-first.Superseded():
	default:
		t.Fatal("Superseded() of a replaced snapshot is open, want closed")
	}
	select {
	case <-second.Superseded():
		t.Fatal("Superseded() of the new latest snapshot is closed, want open")
	default:
	}
	if (&Snapshot{}).Superseded() != nil {
		t.Error("Superseded() of an unpublished snapshot is not nil")
	}
}
