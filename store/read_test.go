package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// seriesWithDays writes one point per day 0..n-1 (value = day) and returns
// the series id.
func seriesWithDays(t *testing.T, s *Store, n int) uint64 {
	t.Helper()
	var ms []indicators.Measurement
	for i := range n {
		ms = append(ms, meas("docs", map[string]string{"region": "84"}, day(i), float64(i)))
	}
	// Before 1970, to check that time keys keep negative instants in order.
	ms = append(ms, meas("docs", map[string]string{"region": "84"}, time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), -1))
	if _, err := s.Write(t.Context(), ms, "a"); err != nil {
		t.Fatal(err)
	}
	id, err := s.SeriesID("docs", indicators.NewLabels(map[string]string{"region": "84"}))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestPointsRange(t *testing.T) {
	s, _ := openTemp(t)
	id := seriesWithDays(t, s, 10)
	tests := []struct {
		name     string
		from, to time.Time
		want     string
	}{
		{"all", time.Time{}, time.Time{}, "[-1 0 1 2 3 4 5 6 7 8 9]"},
		{"from inclusive to exclusive", day(2), day(5), "[2 3 4]"},
		{"open end", day(8), time.Time{}, "[8 9]"},
		{"between points", day(2).Add(time.Hour), day(4).Add(time.Hour), "[3 4]"},
		{"empty", day(20), day(30), "[]"},
	}
	for _, tt := range tests {
		var got []float64
		err := s.Points(id, tt.from, tt.to, func(p indicators.Point, source string) error {
			if source != "test" {
				t.Errorf("%s: source = %q, want test", tt.name, source)
			}
			got = append(got, p.Value)
			return nil
		})
		if err != nil || fmt.Sprint(got) != tt.want {
			t.Errorf("%s: Points(%v, %v) = %v, %v, want %s", tt.name, tt.from, tt.to, got, err, tt.want)
		}
	}
	stop := errors.New("stop")
	if err := s.Points(id, time.Time{}, time.Time{}, func(indicators.Point, string) error { return stop }); err != stop {
		t.Errorf("Points(fn fails) = %v, want fn's error", err)
	}
	if err := s.Points(999, time.Time{}, time.Time{}, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("Points(unknown series) = %v, want ErrNotFound", err)
	}
}

func TestLastPoints(t *testing.T) {
	s, _ := openTemp(t)
	id := seriesWithDays(t, s, 10)
	buf := make([]indicators.Point, 0, 64)
	tests := []struct {
		n    int
		want string
	}{{3, "[7 8 9]"}, {1, "[9]"}, {0, "[]"}, {50, "[-1 0 1 2 3 4 5 6 7 8 9]"}}
	for _, tt := range tests {
		got, err := s.LastPoints(id, tt.n, buf)
		var vals []float64
		for _, p := range got {
			vals = append(vals, p.Value)
		}
		if err != nil || fmt.Sprint(vals) != tt.want {
			t.Errorf("LastPoints(%d) = %v, %v, want %s", tt.n, vals, err, tt.want)
		}
		if len(got) > 0 && &got[0] != &buf[:1][0] {
			t.Errorf("LastPoints(%d) did not reuse buf", tt.n)
		}
	}
	got, _ := s.LastPoints(id, 1, nil)
	if len(got) != 1 || !got[0].Time.Equal(day(9)) {
		t.Errorf("LastPoints(1) = %v, want the point of %v", got, day(9))
	}
	if _, err := s.LastPoints(999, 3, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("LastPoints(unknown series) = %v, want ErrNotFound", err)
	}
}

func TestSeriesListing(t *testing.T) {
	s, _ := openTemp(t)
	ms := []indicators.Measurement{
		meas("users", map[string]string{"region": "93"}, day(0), 1),
		meas("users", map[string]string{"region": "84"}, day(0), 1),
		meas("docs", nil, day(0), 1),
		meas("users_extra", nil, day(0), 1), // shares a string prefix with users
	}
	if _, err := s.Write(t.Context(), ms, "a"); err != nil {
		t.Fatal(err)
	}
	all, err := s.Series()
	if err != nil || len(all) != 4 || all[0].ID != 1 || all[2].Indicator != "docs" {
		t.Errorf("Series() = %+v, %v, want 4 series in creation order", all, err)
	}
	users, err := s.SeriesOf("users")
	if err != nil || fmt.Sprint(users) != `[{2 users {region="84"}} {1 users {region="93"}}]` {
		t.Errorf("SeriesOf(users) = %v, %v, want regions 84 then 93", users, err)
	}
	if none, err := s.SeriesOf("nothing"); err != nil || len(none) != 0 {
		t.Errorf("SeriesOf(nothing) = %v, %v, want none", none, err)
	}
}
