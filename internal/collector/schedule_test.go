package collector

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// stubSource is an HTTP transport serving a CSV body without a network,
// so that the tests below run entirely in a synctest bubble. With gate
// set, each request waits for a value on gate (or its context's end).
type stubSource struct {
	mu    sync.Mutex
	calls []time.Time
	gate  chan struct{}
	now   func() time.Time
}

func (s *stubSource) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.calls = append(s.calls, s.now())
	s.mu.Unlock()
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Header: http.Header{},
		Body: io.NopCloser(strings.NewReader(goodCSV)), Request: req}, nil
}

func (s *stubSource) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

const schedPuller = `
[[puller]]
name = "ins"
type = "csv"
schedule = %q
timezone = "Europe/Paris"
timeout = "1h"
indicator = "ins_qualified_share"
url = "http://stub.invalid/ins.csv"

  [puller.csv]
  decimal_comma = true
  time_column = "trimestre"
  time_format = "YYYY-Qn"
  value_column = "taux_ins_qualifiees"
  label_columns = { region = "code_region" }
`

// bubbleClock returns a clock that reads start when the bubble begins and
// moves with the bubble's fake time.
func bubbleClock(start time.Time) func() time.Time {
	offset := time.Until(start)
	return func() time.Time { return time.Now().Add(offset) }
}

// TestScheduleCron runs a daily 06:00 Paris schedule across the end of
// summer time: the runs stay at 06:00 local time, which moves in UTC.
func TestScheduleCron(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		paris, _ := time.LoadLocation("Europe/Paris")
		now := bubbleClock(time.Date(2025, 10, 25, 5, 58, 0, 0, paris))
		src := &stubSource{now: now}
		h := newHarness(t, "", now)
		defer h.store.Close()
		m := h.manager(t, fmt.Sprintf(schedPuller, "0 6 * * *"), func(o *Options) { o.Client = &http.Client{Transport: src} })
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- m.Run(ctx) }()

		synctest.Wait()
		if st, _ := m.State("ins"); !st.NextRun.Equal(time.Date(2025, 10, 25, 4, 0, 0, 0, time.UTC)) || src.count() != 0 {
			t.Errorf("at 05:58: next run %v after %d runs, want 06:00 Paris (04:00 UTC) and none yet", st.NextRun, src.count())
		}
		time.Sleep(2 * time.Minute) // the bubble's clock: no real wait
		synctest.Wait()
		time.Sleep(24 * time.Hour) // 05:00 Paris: the clocks went back an hour at 03:00
		synctest.Wait()
		if n := src.count(); n != 1 {
			t.Errorf("24h after the first run: %d runs, want still 1", n)
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		want := []time.Time{time.Date(2025, 10, 25, 4, 0, 0, 0, time.UTC), time.Date(2025, 10, 26, 5, 0, 0, 0, time.UTC)}
		src.mu.Lock()
		got := src.calls
		src.mu.Unlock()
		if len(got) != 2 || !got[0].Equal(want[0]) || !got[1].Equal(want[1]) {
			t.Errorf("runs at %v, want %v (06:00 Paris, before and after the clocks went back)", got, want)
		}
		if st, _ := m.State("ins"); st.LastResult != "success" || st.Points.Unchanged != 2 {
			t.Errorf("state after the second run: %+v, want success with 2 unchanged points", st)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run() = %v, want nil after cancel", err)
		}
	})
}

// TestScheduleSkipsNotStacks holds a run past the next scheduled time: that
// time is skipped and counted, and an asked-for run is refused meanwhile.
func TestScheduleSkipsNotStacks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, src, _ := gatedManager(t, "@every 1m")
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- m.Run(ctx) }()

		time.Sleep(time.Minute) // the first run starts and waits at the gate
		synctest.Wait()
		if st, _ := m.State("ins"); !st.Running || src.count() != 1 {
			t.Fatalf("after 1m: running %v, %d requests; want a run waiting", st.Running, src.count())
		}
		time.Sleep(time.Minute) // the second time comes while the first run goes on
		synctest.Wait()
		if err := m.RunNow(ctx, "ins"); !errors.Is(err, ErrRunning) {
			t.Errorf("RunNow during a run = %v, want ErrRunning", err)
		}
		if got := testutil.ToFloat64(m.metrics.runs.WithLabelValues("ins", "skipped")); got != 1 || src.count() != 1 {
			t.Errorf("after 2m: %v skipped, %d requests; want 1 skipped, 1 request", got, src.count())
		}
		src.gate <- struct{}{}
		synctest.Wait()
		time.Sleep(time.Minute)
		synctest.Wait()
		if src.count() != 2 {
			t.Errorf("after 3m: %d requests, want 2: the schedule goes on after the long run", src.count())
		}
		src.gate <- struct{}{}
		synctest.Wait()
		if got := testutil.ToFloat64(m.metrics.runs.WithLabelValues("ins", "success")); got != 2 {
			t.Errorf("successful runs = %v, want 2", got)
		}
		cancel()
		<-done
	})
}

// TestShutdownCancelsRun stops the manager during a run: the run is
// cancelled through its context, nothing is written, and no failure is
// recorded, since none happened at the source.
func TestShutdownCancelsRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, _, h := gatedManager(t, "@every 1m")
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- m.Run(ctx) }()
		time.Sleep(time.Minute)
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run() = %v, want nil", err)
		}
		st, _ := m.State("ins")
		if st.Running || !st.LastRun.IsZero() || st.LastError != "" {
			t.Errorf("state after a cancelled run: %+v, want no run recorded", st)
		}
		if got := h.stored(t, "ins_qualified_share"); len(got) != 0 {
			t.Errorf("stored %v, want nothing", got)
		}
		if err := m.RunNow(context.Background(), "ins"); !errors.Is(err, ErrStopped) {
			t.Errorf("RunNow after Run returned = %v, want ErrStopped", err)
		}
	})
}

// TestShutdownCancelsRunAskedBeforeRun asks for a run before Run starts, as
// an API request can while jalond finishes starting: stopping Run cancels
// it all the same.
func TestShutdownCancelsRunAskedBeforeRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, _, _ := gatedManager(t, "@every 1h")
		asked := make(chan error)
		go func() { asked <- m.RunNow(context.Background(), "ins") }()
		synctest.Wait() // the run waits at the source's gate
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- m.Run(ctx) }()
		synctest.Wait()
		cancel()
		if err := <-asked; !errors.Is(err, context.Canceled) {
			t.Errorf("RunNow when Run stopped = %v, want context.Canceled", err)
		}
		if err := <-done; err != nil {
			t.Errorf("Run() = %v, want nil", err)
		}
		if st, _ := m.State("ins"); st.Running || !st.LastRun.IsZero() {
			t.Errorf("state after a cancelled run: %+v, want no run recorded", st)
		}
	})
}

// gatedManager is a manager of one puller on schedule whose source holds
// each request until the test lets it through src.gate, inside a synctest
// bubble at 2025-06-30 12:00:30 UTC.
func gatedManager(t *testing.T, schedule string) (*Manager, *stubSource, *harness) {
	t.Helper()
	now := bubbleClock(time.Date(2025, 6, 30, 12, 0, 30, 0, time.UTC))
	src := &stubSource{now: now, gate: make(chan struct{})}
	h := newHarness(t, "", now)
	t.Cleanup(func() { h.store.Close() })
	m := h.manager(t, fmt.Sprintf(schedPuller, schedule), func(o *Options) { o.Client = &http.Client{Transport: src} })
	return m, src, h
}
