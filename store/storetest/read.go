package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// Series come in the order they were created in, a label set's order does
// not matter, and an unknown series is ErrNotFound.
func testSeriesOrder(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	write(t, b, meas("y", 0, 1, "region", "84"), meas("x", 0, 1))
	write(t, b, meas("y", 0, 1, "region", "11"), meas("y", 0, 1, "region", "84", "age", "adult"), meas("y_extra", 0, 1))
	all, err := b.Series()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`y{region="84"}`, `x`, `y{region="11"}`, `y{age="adult",region="84"}`, `y_extra`}
	if got := seriesNames(all); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Series = %q, want %q (creation order)", got, want)
	}
	for i := 1; i < len(all); i++ {
		if all[i].ID <= all[i-1].ID {
			t.Errorf("Series IDs %d then %d, want increasing", all[i-1].ID, all[i].ID)
		}
	}
	of, err := b.SeriesOf("y")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := seriesNames(of), []string{`y{age="adult",region="84"}`, `y{region="11"}`, `y{region="84"}`}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SeriesOf(y) = %q, want %q (by labels, not y_extra)", got, want)
	}
	if none, err := b.SeriesOf("z"); err != nil || len(none) != 0 {
		t.Errorf("SeriesOf(z) = %v, %v; want none", none, err)
	}
	if a, b := seriesID(t, b, "y", "region", "84", "age", "adult"), seriesID(t, b, "y", "age", "adult", "region", "84"); a != b {
		t.Errorf("SeriesID with labels in two orders = %d and %d, want the same", a, b)
	}
	_, err = b.SeriesID("y", indicators.Labels{{Name: "region", Value: "93"}})
	wantErr(t, "SeriesID(unknown)", err, store.ErrNotFound)
}

func seriesNames(ss []store.Series) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Indicator
		if len(s.Labels) > 0 {
			out[i] += s.Labels.String()
		}
	}
	return out
}

// Points come in time order whatever the order they were written in, with
// their source, from ≤ time < to.
func testPointsRange(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	write(t, b, meas("x", 3, 3), meas("x", 1, 1))
	write(t, b, meas("x", 0, 0), meas("x", 2, 2))
	id := seriesID(t, b, "x")
	cases := []struct {
		from, to time.Time
		want     string
	}{
		{time.Time{}, time.Time{}, "0=0 1=1 2=2 3=3"},
		{day(1), day(3), "1=1 2=2"},
		{day(2), time.Time{}, "2=2 3=3"},
		{day(4), time.Time{}, ""},
	}
	for _, c := range cases {
		var got []indicators.Point
		err := b.Points(id, c.from, c.to, func(p indicators.Point, source string) error {
			if source != "suite" {
				t.Errorf("Points: source %q, want suite", source)
			}
			got = append(got, p)
			return nil
		})
		if err != nil || dayValues(got) != c.want {
			t.Errorf("Points(%s, %s) = %q, %v; want %q", c.from.Format(time.DateOnly), c.to.Format(time.DateOnly), dayValues(got), err, c.want)
		}
	}
	stop := fmt.Errorf("enough")
	n := 0
	err := b.Points(id, time.Time{}, time.Time{}, func(indicators.Point, string) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Points with fn failing = %v after %d calls, want fn's error after 1", err, n)
	}
	wantErr(t, "Points(unknown series)", b.Points(id+100, time.Time{}, time.Time{}, func(indicators.Point, string) error { return nil }), store.ErrNotFound)
}

// LastPoints and Recent give the last points in ascending order, reusing
// the caller's buffer.
func testLastPoints(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	write(t, b, meas("x", 2, 2), meas("x", 0, 0), meas("x", 1, 1), meas("x", 3, 3))
	id := seriesID(t, b, "x")
	buf := make([]indicators.Point, 0, 8)
	for _, c := range []struct {
		n    int
		want string
	}{{2, "2=2 3=3"}, {10, "0=0 1=1 2=2 3=3"}, {0, ""}} {
		got, err := b.LastPoints(id, c.n, buf)
		if err != nil || dayValues(got) != c.want {
			t.Errorf("LastPoints(%d) = %q, %v; want %q", c.n, dayValues(got), err, c.want)
		}
	}
	_, err := b.LastPoints(id+100, 1, nil)
	wantErr(t, "LastPoints(unknown series)", err, store.ErrNotFound)
	err = b.View(func(r store.Reader) error {
		got, err := r.Recent(id, buf)
		if err != nil || dayValues(got) != "0=0 1=1 2=2 3=3" {
			t.Errorf("Recent = %q, %v; want every point (fewer than the index keeps)", dayValues(got), err)
		}
		if got, err := r.Recent(id+100, buf); err != nil || len(got) != 0 {
			t.Errorf("Recent(unknown series) = %v, %v; want no points, no error", got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A Reader sees the store as of the moment View began: a write acknowledged
// while it reads is not in it, and is in the next View.
func testViewSnapshot(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	write(t, b, meas("x", 0, 1))
	id := seriesID(t, b, "x")
	err := b.View(func(r store.Reader) error {
		done := make(chan error)
		go func() {
			_, err := b.Write(t.Context(), []indicators.Measurement{meas("x", 1, 2), meas("y", 0, 1)}, "suite")
			done <- err
		}()
		if err := <-done; err != nil {
			return err
		}
		last, err := r.LastPoints(id, 5, nil)
		if err != nil || dayValues(last) != "0=1" {
			t.Errorf("in a View begun before a write, LastPoints = %q, %v; want 0=1", dayValues(last), err)
		}
		if all, err := r.Series(); err != nil || len(all) != 1 {
			t.Errorf("in a View begun before a write, Series = %+v, %v; want x alone", all, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := points(t, b, id); got != "0=1 1=2" {
		t.Errorf("after the View, Points = %s, want 0=1 1=2", got)
	}
}
