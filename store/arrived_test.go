package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// TestArrivedAt checks that each point's first arrival is kept through a
// revision, and that a point never stored has none.
func TestArrivedAt(t *testing.T) {
	t1 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	t2 := t1.AddDate(0, 2, 0)
	clk := &clock{t: t1}
	s := openAt(t, filepath.Join(t.TempDir(), "jalon.db"), Options{Now: clk.now})
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("x", nil, day(0), 1)}, "test"); err != nil {
		t.Fatal(err)
	}
	clk.t = t2
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("x", nil, day(0), 3), meas("x", nil, day(1), 2)}, "test"); err != nil {
		t.Fatal(err)
	}
	id, err := s.SeriesID("x", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		point  time.Time
		want   time.Time
		wantOK bool
	}{
		{"first written, then revised", day(0), t1, true},
		{"written later", day(1), t2, true},
		{"never written", day(2), time.Time{}, false},
	} {
		var got time.Time
		var ok bool
		if err := s.View(func(r Reader) error { got, ok = r.ArrivedAt(id, tc.point); return nil }); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(tc.want) || ok != tc.wantOK {
			t.Errorf("%s: ArrivedAt(%s) = %s, %v; want %s, %v", tc.name, tc.point.Format(time.DateOnly), got, ok, tc.want, tc.wantOK)
		}
	}
}
