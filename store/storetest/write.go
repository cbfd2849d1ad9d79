package storetest

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// A point is its indicator, labels and time: written again with the same
// value it is unchanged, with another it is revised, and the audit log
// keeps the value it replaced.
func testWriteCounts(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	steps := []struct {
		ms   []indicators.Measurement
		want store.WriteResult
	}{
		{[]indicators.Measurement{meas("x", 0, 1), meas("x", 1, 2)}, store.WriteResult{New: 2}},
		{[]indicators.Measurement{meas("x", 0, 1), meas("x", 1, 2)}, store.WriteResult{Unchanged: 2}},
		{[]indicators.Measurement{meas("x", 1, 3), meas("x", 2, 4)}, store.WriteResult{New: 1, Revised: 1}},
	}
	for i, st := range steps {
		if got := write(t, b, st.ms...); got != st.want {
			t.Errorf("write %d: Write = %+v, want %+v", i, got, st.want)
		}
	}
	if got, want := points(t, b, seriesID(t, b, "x")), "0=1 1=3 2=4"; got != want {
		t.Errorf("Points = %s, want %s", got, want)
	}
	if st := b.Stats(); st != (store.Stats{Series: 1, Points: 3}) {
		t.Errorf("Stats = %+v, want 1 series, 3 points", st)
	}
	audit, err := b.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var revise []store.AuditEntry
	for _, e := range audit {
		if e.Action == store.ActionRevise {
			revise = append(revise, e)
		}
	}
	if len(revise) != 1 || revise[0].Old != 2 || revise[0].Value != 3 || !revise[0].At.Equal(day(1)) || revise[0].Indicator != "x" {
		t.Errorf("revise entries = %+v, want one: x day 1 from 2 to 3", revise)
	}
}

// One bad measurement refuses the whole batch: nothing of it is stored, not
// even a series or an audit entry.
func testWriteAtomic(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	write(t, b, meas("x", 0, 1))
	bad := []indicators.Measurement{
		{Indicator: "", Time: day(1), Value: 1},
		{Indicator: "y", Value: 1},
		{Indicator: "y", Time: day(1), Value: math.NaN()},
		{Indicator: "y", Time: day(1), Value: math.Inf(1)},
		{Indicator: "y", Time: day(1), Value: 1, Labels: indicators.Labels{{Name: "", Value: "a"}}},
		{Indicator: "y", Time: day(1), Value: 1, Labels: indicators.Labels{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}}},
	}
	for i, m := range bad {
		batch := []indicators.Measurement{meas("x", 0, 9), meas("y", 0, 1), m}
		_, err := b.Write(t.Context(), batch, "suite")
		wantErr(t, fmt.Sprintf("Write(bad measurement %d: %+v)", i, m), err, store.ErrInvalid)
	}
	series, err := b.Series()
	if err != nil {
		t.Fatal(err)
	}
	if len(series) != 1 || series[0].Indicator != "x" {
		t.Errorf("after refused batches, Series = %+v, want only x", series)
	}
	if got := points(t, b, seriesID(t, b, "x")); got != "0=1" {
		t.Errorf("after refused batches, Points(x) = %s, want 0=1", got)
	}
	if audit, err := b.Audit(0, 0); err != nil || len(audit) != 1 {
		t.Errorf("after refused batches, Audit = %d entries, %v; want the first push only", len(audit), err)
	}
}

// Measurements apply in slice order: a point given twice ends with the
// last value, and both count.
func testWriteSamePointTwice(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	res := write(t, b, meas("x", 0, 1), meas("x", 0, 2))
	if res != (store.WriteResult{New: 1, Revised: 1}) {
		t.Errorf("Write = %+v, want 1 new, 1 revised", res)
	}
	if got := points(t, b, seriesID(t, b, "x")); got != "0=2" {
		t.Errorf("Points = %s, want 0=2", got)
	}
}

// Concurrent writers are each acknowledged, and each reads its own write
// right after: a read begun after a write returned sees it.
func testWriteConcurrent(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	const writers, rounds = 8, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- writeAndRead(t, b, fmt.Sprint(w), rounds)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if st := b.Stats(); st != (store.Stats{Series: writers, Points: writers * rounds}) {
		t.Errorf("Stats = %+v, want %d series, %d points", st, writers, writers*rounds)
	}
}

func writeAndRead(t *testing.T, b store.Backend, w string, rounds int) error {
	for i := range rounds {
		m := meas("x", i, float64(i), "writer", w)
		if _, err := b.Write(t.Context(), []indicators.Measurement{m}, "suite"); err != nil {
			return fmt.Errorf("writer %s: Write(day %d) = %w", w, i, err)
		}
		id, err := b.SeriesID("x", m.Labels)
		if err != nil {
			return fmt.Errorf("writer %s: SeriesID after write %d = %w", w, i, err)
		}
		last, err := b.LastPoints(id, 1, nil)
		if err != nil || len(last) != 1 || !last[0].Time.Equal(m.Time) {
			return fmt.Errorf("writer %s: LastPoints after write %d = %v, %v; want day %d", w, i, last, err, i)
		}
	}
	return nil
}
