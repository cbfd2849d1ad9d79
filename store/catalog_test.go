package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

func sampleIndicator() indicators.Indicator {
	target := 400e6
	return indicators.Indicator{
		ID: "documents_per_year", Objective: "1-1", Name: "Documents", Kind: indicators.KindRate,
		Unit: "per_year", Direction: indicators.Increase, Input: indicators.InputCount, Period: 30 * 24 * time.Hour,
		Baseline:   indicators.Anchor{Value: 100e6, Date: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)},
		Milestones: []indicators.Milestone{{Value: &target, Deadline: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), DeadlineText: "fin 2026"}},
		Shape:      indicators.ShapeLinear, Tolerance: indicators.Tolerance{AtRisk: 0.05, OffTrack: 0.15},
		Cadence: 90 * 24 * time.Hour, StaleAfter: 2, Dimensions: []string{"region"},
	}
}

func TestStoredIndicatorRoundTrip(t *testing.T) {
	ind := sampleIndicator()
	if got := NewStoredIndicator(ind).Indicator(); !reflect.DeepEqual(got, ind) {
		t.Errorf("NewStoredIndicator(ind).Indicator() = %+v, want %+v", got, ind)
	}
}

func TestPutIndicatorRevisions(t *testing.T) {
	clk := &clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "jalon.db")
	s := openAt(t, path, Options{Now: clk.now})
	def := NewStoredIndicator(sampleIndicator())
	paris, _ := time.LoadLocation("Europe/Paris")
	sameInParis := def
	sameInParis.Baseline.Date = def.Baseline.Date.In(paris)
	later := def
	later.AtRisk = 0.1

	steps := []struct {
		name        string
		def         StoredIndicator
		actor       string
		wantRev     int
		wantChanged bool
	}{
		{"first", def, "seed", 1, true},
		{"same again", def, "seed", 1, false},
		{"same instant, other zone", sameInParis, "seed", 1, false},
		{"tolerance changed", later, "bob", 2, true},
	}
	for _, st := range steps {
		clk.t = clk.t.Add(time.Hour)
		rev, changed, err := s.PutIndicator(st.def, st.actor, st.name)
		if err != nil || rev != st.wantRev || changed != st.wantChanged {
			t.Errorf("%s: PutIndicator() = %d, %v, %v, want %d, %v", st.name, rev, changed, err, st.wantRev, st.wantChanged)
		}
	}
	revs, err := s.Revisions(def.ID)
	if err != nil || len(revs) != 2 {
		t.Fatalf("Revisions() = %+v, %v, want 2", revs, err)
	}
	if r := revs[1]; r.Rev != 2 || r.Actor != "bob" || r.Reason != "tolerance changed" ||
		!r.Time.Equal(time.Date(2025, 1, 1, 4, 0, 0, 0, time.UTC)) || r.Definition.AtRisk != 0.1 {
		t.Errorf("Revisions()[1] = %+v, want rev 2 by bob at 04:00 with at_risk 0.1", r)
	}
	if !reflect.DeepEqual(revs[0].Definition, def) {
		t.Errorf("Revisions()[0].Definition = %+v, want %+v", revs[0].Definition, def)
	}
	inds, err := s.Indicators()
	if err != nil || len(inds) != 1 || inds[def.ID].Rev != 2 {
		t.Errorf("Indicators() = %+v, %v, want %s at rev 2", inds, err, def.ID)
	}
	if _, err := s.Revisions("unknown"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Revisions(unknown) = %v, want ErrNotFound", err)
	}
	if _, _, err := s.PutIndicator(StoredIndicator{}, "a", ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("PutIndicator(no id) = %v, want ErrInvalid", err)
	}
}
