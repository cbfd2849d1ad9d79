package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// clock is a controllable Options.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// day returns the n-th day after 2024-01-01.
func day(n int) time.Time { return epoch.AddDate(0, 0, n) }

func meas(ind string, labels map[string]string, t time.Time, v float64) indicators.Measurement {
	return indicators.Measurement{Indicator: ind, Labels: indicators.NewLabels(labels), Time: t, Value: v, Source: "test"}
}

func openAt(t testing.TB, path string, opts Options) *Store {
	t.Helper()
	s, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%s) = %v", path, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "jalon.db")
	return openAt(t, path, Options{}), path
}

func TestOpenReopenKeepsEverything(t *testing.T) {
	s, path := openTemp(t)
	ms := []indicators.Measurement{
		meas("docs", nil, day(0), 1), meas("docs", nil, day(1), 2),
		meas("users", map[string]string{"region": "84"}, day(0), 10),
	}
	if _, err := s.Write(t.Context(), ms, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.PutIndicator(StoredIndicator{ID: "docs", Name: "Documents"}, "alice", "seed"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutState(StateAlerts, "a", []byte("firing")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openAt(t, path, Options{})
	if got, want := s.Stats(), (Stats{Series: 2, Points: 3}); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
	series, err := s.SeriesOf("users")
	if err != nil || len(series) != 1 || series[0].Labels.Get("region") != "84" {
		t.Errorf("SeriesOf(users) = %+v, %v, want one series region=84", series, err)
	}
	if inds, err := s.Indicators(); err != nil || inds["docs"].Definition.Name != "Documents" {
		t.Errorf("Indicators() = %+v, %v, want docs", inds, err)
	}
	if v, err := s.GetState(StateAlerts, "a"); err != nil || string(v) != "firing" {
		t.Errorf("GetState(alerts, a) = %q, %v, want firing", v, err)
	}
	if entries, err := s.Audit(0, 0); err != nil || len(entries) != 2 {
		t.Errorf("Audit(0, 0) = %d entries, %v, want 2", len(entries), err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	s := openAt(t, path, Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, putUint64(nil, schemaVersion+1))
	})
	if cerr := db.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
	if s, err := Open(path, Options{}); !errors.Is(err, ErrSchemaTooNew) {
		if err == nil {
			_ = s.Close()
		}
		t.Errorf("Open(newer schema) = %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenLocked(t *testing.T) {
	_, path := openTemp(t)
	if s, err := Open(path, Options{Timeout: 50 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		if err == nil {
			_ = s.Close()
		}
		t.Errorf("Open(locked file) = %v, want ErrLocked", err)
	}
}

func TestClosedStore(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close() = %v, want ErrClosed", err)
	}
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("x", nil, day(0), 1)}, "a"); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
	if _, err := s.Series(); !errors.Is(err, ErrClosed) {
		t.Errorf("Series after Close = %v, want ErrClosed", err)
	}
}
