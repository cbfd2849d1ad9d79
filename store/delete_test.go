package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// asOfID returns the points of series id known at known, as "day=value".
func asOfID(t *testing.T, s *Store, id uint64, known time.Time) string {
	t.Helper()
	var out []string
	err := s.View(func(r Reader) error {
		return r.PointsAsOf(id, known, func(p indicators.Point) error {
			out = append(out, fmt.Sprintf("%d=%g", int(p.Time.Sub(epoch).Hours()/24), p.Value))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(out)
}

func recentOf(t *testing.T, s *Store, id uint64) int {
	t.Helper()
	var n int
	err := s.View(func(r Reader) error {
		pts, err := r.Recent(id, nil)
		n = len(pts)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDeletePoint(t *testing.T) {
	t1 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	t2, t3 := t1.Add(time.Hour), t1.Add(2*time.Hour)
	clk := &clock{t: t1}
	path := filepath.Join(t.TempDir(), "jalon.db")
	s := openAt(t, path, Options{Now: clk.now})
	write := func(ms ...indicators.Measurement) {
		t.Helper()
		if _, err := s.Write(t.Context(), ms, "test"); err != nil {
			t.Fatal(err)
		}
	}
	write(meas("x", nil, day(0), 1), meas("x", nil, day(1), 2))
	clk.t = t2
	write(meas("x", nil, day(1), 7)) // a revision: the deleted point keeps its versions
	clk.t = t3
	rm, err := s.Delete(t.Context(), []Target{{Indicator: "x", At: day(1)}}, "test push", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if len(rm) != 1 || len(rm[0].Points) != 1 || rm[0].Points[0].Value != 7 || rm[0].SeriesGone {
		t.Fatalf("Delete = %+v, want the point of day 1 with 7, series kept", rm)
	}
	id, err := s.SeriesID("x", nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(s *Store) {
		t.Helper()
		for _, c := range []struct {
			known time.Time
			want  string
		}{
			{t1, "[0=1 1=2]"},
			{t2, "[0=1 1=7]"},
			{t3.Add(-time.Nanosecond), "[0=1 1=7]"},
			{t3, "[0=1]"},
		} {
			if got := asOfID(t, s, id, c.known); got != c.want {
				t.Errorf("PointsAsOf(%s) = %s, want %s", c.known.Format(time.RFC3339Nano), got, c.want)
			}
		}
		if n := recentOf(t, s, id); n != 1 {
			t.Errorf("recent index holds %d points, want 1", n)
		}
		if st := s.Stats(); st.Points != 1 || st.Series != 1 {
			t.Errorf("Stats = %+v, want 1 series, 1 point", st)
		}
	}
	check(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path, Options{Now: clk.now})
	check(s)

	// Stored again after its deletion: known from then on, without the
	// versions of the deleted point.
	clk.t = t3.Add(time.Hour)
	write(meas("x", nil, day(1), 9))
	if got, want := asOfID(t, s, id, clk.t), "[0=1 1=9]"; got != want {
		t.Errorf("after a new push, PointsAsOf = %s, want %s", got, want)
	}
	if got, want := asOfID(t, s, id, t2), "[0=1 1=7]"; got != want {
		t.Errorf("after a new push, PointsAsOf(t2) = %s, want %s", got, want)
	}
}

func TestDeleteSeries(t *testing.T) {
	t1 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	clk := &clock{t: t1}
	path := filepath.Join(t.TempDir(), "jalon.db")
	s := openAt(t, path, Options{Now: clk.now})
	ls := indicators.Labels{{Name: "region", Value: "11"}}
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("x", map[string]string{"region": "11"}, day(0), 1), meas("x", map[string]string{"region": "11"}, day(1), 2), meas("x", nil, day(0), 5)}, "test"); err != nil {
		t.Fatal(err)
	}
	id, err := s.SeriesID("x", ls)
	if err != nil {
		t.Fatal(err)
	}
	clk.t = t2
	rm, err := s.Delete(t.Context(), []Target{{Indicator: "x", Labels: ls}}, "wrong label", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if len(rm) != 1 || len(rm[0].Points) != 2 || !rm[0].SeriesGone {
		t.Fatalf("Delete = %+v, want 2 points and the series gone", rm)
	}
	check := func(s *Store) {
		t.Helper()
		if _, err := s.SeriesID("x", ls); !errors.Is(err, ErrNotFound) {
			t.Errorf("SeriesID after deletion: err = %v, want ErrNotFound", err)
		}
		if got, want := asOfID(t, s, id, t1), "[0=1 1=2]"; got != want {
			t.Errorf("PointsAsOf before the deletion = %s, want %s", got, want)
		}
		if got, want := asOfID(t, s, id, t2), "[]"; got != want {
			t.Errorf("PointsAsOf at the deletion = %s, want %s", got, want)
		}
		var deleted []Series
		if err := s.View(func(r Reader) (err error) { deleted, err = r.DeletedSeriesOf("x"); return err }); err != nil {
			t.Fatal(err)
		}
		if len(deleted) != 1 || deleted[0].ID != id {
			t.Errorf("DeletedSeriesOf = %+v, want series %d", deleted, id)
		}
		if st := s.Stats(); st.Points != 1 || st.Series != 1 {
			t.Errorf("Stats = %+v, want 1 series, 1 point", st)
		}
		// The other series is untouched: listed, with its recent points.
		all, err := s.Series()
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || all[0].Indicator != "x" || len(all[0].Labels) != 0 {
			t.Errorf("Series after the deletion = %+v, want x{} only", all)
		} else if n := recentOf(t, s, all[0].ID); n != 1 {
			t.Errorf("recent index of x{} holds %d points, want 1", n)
		}
		entries, err := s.Audit(0, 0)
		if err != nil {
			t.Fatal(err)
		}
		last := entries[len(entries)-1]
		if last.Action != ActionDelete || last.Reason != "wrong label" || len(last.Removed) != 2 || last.Removed[1].Value != 2 || last.Actor != "admin" {
			t.Errorf("last audit entry = %+v, want a deletion of 2 values by admin for its reason", last)
		}
	}
	check(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path, Options{Now: clk.now})
	check(s)
}

func TestDeleteRefuses(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "jalon.db"), Options{})
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("x", nil, day(0), 1)}, "test"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		targets []Target
		reason  string
		want    error
	}{
		{"no reason", []Target{{Indicator: "x"}}, "", ErrInvalid},
		{"unknown series", []Target{{Indicator: "y"}}, "r", ErrNotFound},
		{"unknown point", []Target{{Indicator: "x", At: day(5)}}, "r", ErrNotFound},
		{"one bad target of two", []Target{{Indicator: "x"}, {Indicator: "y"}}, "r", ErrNotFound},
	} {
		if _, err := s.Delete(t.Context(), c.targets, c.reason, "admin"); !errors.Is(err, c.want) {
			t.Errorf("%s: Delete err = %v, want %v", c.name, err, c.want)
		}
	}
	if st := s.Stats(); st.Points != 1 {
		t.Errorf("after refused deletions, Stats = %+v, want the point kept", st)
	}
}
