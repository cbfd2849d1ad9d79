package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

func TestWriteNewRevisedUnchanged(t *testing.T) {
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	s := openAt(t, filepath.Join(t.TempDir(), "jalon.db"), Options{Now: clk.now})
	r84 := map[string]string{"region": "84"}
	steps := []struct {
		name string
		ms   []indicators.Measurement
		want WriteResult
	}{
		{"first push", []indicators.Measurement{meas("users", r84, day(0), 10), meas("users", r84, day(1), 11)}, WriteResult{New: 2}},
		{"same values", []indicators.Measurement{meas("users", r84, day(0), 10), meas("users", r84, day(1), 11)}, WriteResult{Unchanged: 2}},
		{"one revised one new", []indicators.Measurement{meas("users", r84, day(1), 12), meas("users", r84, day(2), 13)}, WriteResult{New: 1, Revised: 1}},
		{"same point twice", []indicators.Measurement{meas("users", r84, day(3), 1), meas("users", r84, day(3), 2)}, WriteResult{New: 1, Revised: 1}},
		{"labels unsorted", []indicators.Measurement{{Indicator: "users", Time: day(0), Value: 10,
			Labels: indicators.Labels{{Name: "z", Value: "1"}, {Name: "a", Value: "2"}}}}, WriteResult{New: 1}},
	}
	for _, st := range steps {
		got, err := s.Write(t.Context(), st.ms, "alice")
		if err != nil || got != st.want {
			t.Errorf("%s: Write() = %+v, %v, want %+v", st.name, got, err, st.want)
		}
	}
	want := []indicators.Point{{Time: day(0), Value: 10}, {Time: day(1), Value: 12}, {Time: day(2), Value: 13}, {Time: day(3), Value: 2}}
	id, err := s.SeriesID("users", indicators.NewLabels(r84))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.LastPoints(id, 10, nil)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("LastPoints() = %v, %v, want %v", got, err, want)
	}
	if _, err := s.SeriesID("users", indicators.Labels{{Name: "z", Value: "1"}, {Name: "a", Value: "2"}}); err != nil {
		t.Errorf("SeriesID(unsorted labels) = %v, want found", err)
	}
	if got, want := s.Stats(), (Stats{Series: 2, Points: 5}); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
}

func TestWriteInvalid(t *testing.T) {
	s, _ := openTemp(t)
	tests := []struct {
		name string
		m    indicators.Measurement
	}{
		{"no indicator", meas("", nil, day(0), 1)},
		{"zero time", meas("x", nil, time.Time{}, 1)},
		{"year 3000", meas("x", nil, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 1)},
		{"NaN", meas("x", nil, day(0), math.NaN())},
		{"infinite", meas("x", nil, day(0), math.Inf(-1))},
		{"empty label value", meas("x", map[string]string{"region": ""}, day(0), 1)},
		{"duplicate label", indicators.Measurement{Indicator: "x", Time: day(0),
			Labels: indicators.Labels{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := []indicators.Measurement{meas("ok", nil, day(0), 1), tt.m}
			if _, err := s.Write(t.Context(), ms, "a"); !errors.Is(err, ErrInvalid) {
				t.Errorf("Write(%+v) = %v, want ErrInvalid", tt.m, err)
			}
		})
	}
	if got := s.Stats(); got != (Stats{}) {
		t.Errorf("Stats() after invalid writes = %+v, want nothing written", got)
	}
}

// TestWriteFailureIsolated drives one commit round directly, so that the
// failing request is certain to share a transaction with good ones.
func TestWriteFailureIsolated(t *testing.T) {
	s, _ := openTemp(t)
	req := func(ms ...indicators.Measurement) *writeReq { return newWriteReq(ms, "a") }
	good1 := req(meas("a", nil, day(0), 1))
	bad := req(meas("b", nil, day(0), 1), meas("b", nil, day(1), math.NaN()))
	good2 := req(meas("c", nil, day(0), 1), meas("a", nil, day(1), 2))
	s.commit([]*writeReq{good1, bad, good2})
	for name, r := range map[string]*writeReq{"good1": good1, "bad": bad, "good2": good2} {
		<-r.done
		if wantErr := r == bad; (r.err != nil) != wantErr {
			t.Errorf("%s: err = %v, want error %v", name, r.err, wantErr)
		}
	}
	if _, err := s.SeriesID("b", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("SeriesID(b) = %v, want ErrNotFound: the failed request wrote its first point", err)
	}
	if got, want := s.Stats(), (Stats{Series: 2, Points: 3}); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
}

func TestWriteCancelledWhileQueued(t *testing.T) {
	s, _ := openTemp(t)
	// Queue a request without waking the writer, so that it is certain to
	// be still queued when its context ends.
	cancelled := newWriteReq([]indicators.Measurement{meas("cancelled", nil, day(0), 1)}, "a")
	s.mu.Lock()
	s.pending = append(s.pending, cancelled)
	s.mu.Unlock()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := cancelled.wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("wait(cancelled) = %v, want context.Canceled", err)
	}
	// The next Write wakes the writer, which finds both requests.
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("kept", nil, day(0), 1)}, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SeriesID("cancelled", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("SeriesID(cancelled) = %v, want ErrNotFound", err)
	}
	if _, err := s.SeriesID("kept", nil); err != nil {
		t.Errorf("SeriesID(kept) = %v, want found", err)
	}
}

func TestWriteConcurrent(t *testing.T) {
	const writers, writes = 64, 100
	path := filepath.Join(t.TempDir(), "jalon.db")
	s := openAt(t, path, Options{})
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for g := range writers {
		wg.Go(func() {
			own := map[string]string{"writer": fmt.Sprint(g)}
			for i := range writes {
				// Each writer has its own series and shares another one.
				ms := []indicators.Measurement{meas("own", own, day(i), float64(i)),
					meas("shared", nil, day(g*writes+i), float64(g))}
				if res, err := s.Write(t.Context(), ms, "w"); err != nil || res.New != 2 {
					errs <- fmt.Errorf("writer %d: Write() = %+v, %v", g, res, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path, Options{})
	if got, want := s.Stats(), (Stats{Series: writers + 1, Points: 2 * writers * writes}); got != want {
		t.Errorf("Stats() after reopen = %+v, want %+v", got, want)
	}
	err := s.View(func(r Reader) error {
		series, err := r.Series()
		if err != nil {
			return err
		}
		for _, se := range series {
			n := 0
			if err := r.Points(se.ID, time.Time{}, time.Time{}, func(indicators.Point, string) error { n++; return nil }); err != nil {
				return err
			}
			if want := map[string]int{"own": writes, "shared": writers * writes}[se.Indicator]; n != want {
				t.Errorf("series %s%s has %d points, want %d", se.Indicator, se.Labels, n, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCloseDrainsQueue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const writers = 32
	var (
		wg    sync.WaitGroup
		warm  sync.WaitGroup // every writer has had a write acknowledged
		acked [writers]int
	)
	warm.Add(writers)
	for g := range writers {
		wg.Go(func() {
			labels := map[string]string{"writer": fmt.Sprint(g)}
			for i := 0; ; i++ {
				_, err := s.Write(context.Background(), []indicators.Measurement{meas("x", labels, day(i), 1)}, "w")
				if i == 0 {
					warm.Done()
				}
				if errors.Is(err, ErrClosed) {
					return
				}
				if err != nil {
					t.Errorf("writer %d: Write() = %v, want nil or ErrClosed", g, err)
					return
				}
				acked[g]++
			}
		})
	}
	warm.Wait()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A write queued as Close began must be logged or refused, not left
	// waiting for a writer that has gone.
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("writes still waiting 10 s after Close returned")
	}
	s = openAt(t, path, Options{})
	total := 0
	for g, n := range acked {
		total += n
		id, err := s.SeriesID("x", indicators.NewLabels(map[string]string{"writer": fmt.Sprint(g)}))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.LastPoints(id, n+1, nil); len(got) != n {
			t.Errorf("writer %d: %d points after reopen, want the %d acknowledged", g, len(got), n)
		}
	}
	if got := s.Stats().Points; got != uint64(total) {
		t.Errorf("Stats().Points = %d, want %d acknowledged", got, total)
	}
}
