package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// asOf returns the points of the series x{} known at known, as "day=value".
func asOf(t *testing.T, s *Store, known time.Time) string {
	t.Helper()
	id, err := s.SeriesID("x", nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	err = s.View(func(r Reader) error {
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

func TestPointsAsOf(t *testing.T) {
	t1 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	t2 := t1.Add(24 * time.Hour)
	clk := &clock{t: t1}
	s := openAt(t, filepath.Join(t.TempDir(), "jalon.db"), Options{Now: clk.now})
	write := func(ms ...indicators.Measurement) {
		t.Helper()
		if _, err := s.Write(t.Context(), ms, "test"); err != nil {
			t.Fatal(err)
		}
	}
	write(meas("x", nil, day(0), 1), meas("x", nil, day(1), 2))
	clk.t = t2
	write(meas("x", nil, day(0), 3), meas("x", nil, day(2), 4), meas("x", nil, day(1), 2))
	write(meas("x", nil, day(3), 5), meas("x", nil, day(3), 6)) // same clock: the arrival entry grows
	tests := []struct {
		name  string
		known time.Time
		want  string
	}{
		{"before anything arrived", t1.Add(-time.Second), "[]"},
		{"at the first write", t1, "[0=1 1=2]"},
		{"just before the revision", t2.Add(-time.Nanosecond), "[0=1 1=2]"},
		{"at the revision", t2, "[0=3 1=2 2=4 3=6]"},
		{"long after", t2.AddDate(1, 0, 0), "[0=3 1=2 2=4 3=6]"},
	}
	for _, tt := range tests {
		if got := asOf(t, s, tt.known); got != tt.want {
			t.Errorf("%s: PointsAsOf(%s) = %s, want %s", tt.name, tt.known.Format(time.RFC3339Nano), got, tt.want)
		}
	}
}

// TestUpgradeBuildsVersions turns a file into schema 2 (no arrivals nor
// versions) and checks that the upgrade treats its points as known since
// forever and replays the revisions of the audit log.
func TestUpgradeBuildsVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	t1 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	t2, t3 := t1.AddDate(0, 1, 0), t1.AddDate(0, 2, 0)
	clk := &clock{t: t1}
	s, err := Open(path, Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	s.Write(t.Context(), []indicators.Measurement{meas("x", nil, day(0), 1), meas("x", nil, day(1), 2)}, "test")
	clk.t = t2
	s.Write(t.Context(), []indicators.Measurement{meas("x", nil, day(0), 5)}, "test")
	s.Close()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, name := range [][]byte{bucketArrivals, bucketVersions} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, putUint64(nil, 2))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	clk.t = t3
	s = openAt(t, path, Options{Now: clk.now})
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("x", nil, day(1), 7)}, "test"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		known time.Time
		want  string
	}{
		{"before the first write", t1.Add(-time.Hour), "[0=1 1=2]"},
		{"after the revision from the audit log", t2, "[0=5 1=2]"},
		{"after the revision since the upgrade", t3, "[0=5 1=7]"},
	}
	for _, tt := range tests {
		if got := asOf(t, s, tt.known); got != tt.want {
			t.Errorf("%s: PointsAsOf(%s) = %s, want %s", tt.name, tt.known.Format(time.RFC3339), got, tt.want)
		}
	}
}

// The records of one apply share one arrival key per series, at the last
// record's time; the next transaction writes its own key instead of
// growing that one, so that many transactions a second on one series cost
// no more each than the first.
func TestArrivalsOfAnApply(t *testing.T) {
	d := applyDelay
	t.Cleanup(func() { applyDelay = d })
	applyDelay = time.Hour
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	clk := &clock{t: at}
	s := openAt(t, filepath.Join(t.TempDir(), "jalon.db"), Options{Now: clk.now})
	write := func(ms ...indicators.Measurement) {
		t.Helper()
		if _, err := s.Write(t.Context(), ms, "test"); err != nil {
			t.Fatal(err)
		}
	}
	write(meas("x", nil, day(0), 1))
	clk.t = at.Add(100 * time.Millisecond)
	write(meas("x", nil, day(1), 2))
	for _, tt := range []struct {
		known time.Time
		want  string
	}{
		{at, "[]"}, // shown a little late, never early
		{at.Add(100 * time.Millisecond), "[0=1 1=2]"},
	} {
		if got := asOf(t, s, tt.known); got != tt.want {
			t.Errorf("known at %s: %s, want %s", tt.known.Format(time.StampMilli), got, tt.want)
		}
	}
	clk.t = at.Add(200 * time.Millisecond)
	write(meas("x", nil, day(2), 3))
	if got := asOf(t, s, clk.t); got != "[0=1 1=2 2=3]" {
		t.Errorf("after a second apply: %s", got)
	}
	keys := 0
	if err := s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketArrivals).ForEach(func(_, _ []byte) error { keys++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if keys != 2 {
		t.Errorf("arrivals bucket has %d keys after two applies to one series, want 2", keys)
	}
}
