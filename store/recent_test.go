package store

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

func pts(days ...int) []indicators.Point {
	out := make([]indicators.Point, len(days))
	for i, d := range days {
		out[i] = indicators.Point{Time: day(d), Value: float64(d)}
	}
	return out
}

func TestMergeRecent(t *testing.T) {
	revised := indicators.Point{Time: day(2), Value: 99}
	tests := []struct {
		name          string
		window, fresh []indicators.Point
		n             int
		want          []indicators.Point
	}{
		{"empty window", nil, pts(3, 1, 2), 5, pts(1, 2, 3)},
		{"append and trim", pts(1, 2, 3), pts(4, 5), 3, pts(3, 4, 5)},
		{"older than a full window", pts(5, 6, 7), pts(1), 3, pts(5, 6, 7)},
		{"older fits a short window", pts(5, 6), pts(1), 3, pts(1, 5, 6)},
		{"revision replaces", pts(1, 2, 3), []indicators.Point{revised}, 3, []indicators.Point{pts(1)[0], revised, pts(3)[0]}},
		{"last fresh wins", nil, []indicators.Point{{Time: day(1), Value: 1}, {Time: day(1), Value: 2}}, 3, []indicators.Point{{Time: day(1), Value: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mergeRecent(nil, tt.window, tt.fresh, tt.n)
			if !slices.Equal(got, tt.want) {
				t.Errorf("mergeRecent = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRecentMatchesLastPoints writes points in random order, with revisions,
// and checks that the recent index always equals the last points read from
// the points buckets.
func TestRecentMatchesLastPoints(t *testing.T) {
	const n = 8
	s := openAt(t, filepath.Join(t.TempDir(), "jalon.db"), Options{RecentPoints: n})
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 40 {
		var batch []indicators.Measurement
		for range 1 + rng.IntN(6) {
			region := []string{"11", "84"}[rng.IntN(2)]
			batch = append(batch, meas("x", map[string]string{"region": region}, day(rng.IntN(30)), float64(rng.IntN(5))))
		}
		if _, err := s.Write(context.Background(), batch, "test"); err != nil {
			t.Fatalf("round %d: Write = %v", round, err)
		}
	}
	series, err := s.Series()
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(func(r Reader) error {
		for _, se := range series {
			want, err := r.LastPoints(se.ID, n, nil)
			if err != nil {
				return err
			}
			got, err := r.Recent(se.ID, nil)
			if err != nil {
				return err
			}
			if !slices.EqualFunc(got, want, func(a, b indicators.Point) bool { return a.Time.Equal(b.Time) && a.Value == b.Value }) {
				t.Errorf("series %v: Recent = %v, want LastPoints %v", se.Labels, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUpgradeBuildsRecent opens a schema-1 file (no recent index) and checks
// that the upgrade fills the index from the points.
func TestUpgradeBuildsRecent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ms []indicators.Measurement
	for d := range 30 {
		ms = append(ms, meas("x", nil, day(d), float64(d)))
	}
	if _, err := s.Write(context.Background(), ms, "test"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		if err := tx.DeleteBucket(bucketRecent); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, putUint64(nil, 1))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path, Options{RecentPoints: 5})
	id, err := s.SeriesID("x", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []indicators.Point
	err = s.View(func(r Reader) error { got, err = r.Recent(id, nil); return err })
	if err != nil {
		t.Fatal(err)
	}
	if want := pts(25, 26, 27, 28, 29); !slices.EqualFunc(got, want, func(a, b indicators.Point) bool { return a.Time.Equal(b.Time) && a.Value == b.Value }) {
		t.Errorf("Recent after upgrade = %v, want %v", got, want)
	}
}
