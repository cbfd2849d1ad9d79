package store

import (
	"strconv"
	"testing"
)

// After a burst, forget moves what is left to a map of its size, keeping
// every value still pending.
func TestOverlayShrinksAfterABurst(t *testing.T) {
	o := newOverlay()
	for i := range 10_000 {
		o.set("burst"+strconv.Itoa(i), float64(i), 1)
	}
	o.keep(1)
	for i := range 10 {
		o.set("later"+strconv.Itoa(i), float64(i), 2)
	}
	o.set("burst7", 70, 2) // set again by the later record: still pending
	o.keep(2)
	o.forget(1)
	if len(o.points) != 11 || o.peak != 11 {
		t.Fatalf("after forgetting the burst: %d points, peak %d; want 11 and 11", len(o.points), o.peak)
	}
	if p, ok := o.points["burst7"]; !ok || p.value != 70 || p.seq != 2 {
		t.Errorf("burst7 = %+v, %v; want 70 from record 2", p, ok)
	}
	if p, ok := o.points["later9"]; !ok || p.value != 9 {
		t.Errorf("later9 = %+v, %v; want 9", p, ok)
	}
	o.forget(2)
	if len(o.points) != 0 {
		t.Errorf("after forgetting everything: %d points left", len(o.points))
	}
}
