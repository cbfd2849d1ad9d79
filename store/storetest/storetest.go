// Package storetest is the conformance suite of store.Backend: every
// behaviour of the store the daemon relies on, run against a backend the
// caller opens. A new backend is a package whose test calls Run and passes.
//
// What the suite cannot reach from outside stays with each backend's own
// tests: for the bbolt store, a crash before an acknowledged write reached
// the file (a child process killed mid-write, store/wal_test.go), damaged
// files and their repair.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// Open returns a new, empty backend that stamps audit entries, revisions
// and arrivals with now. The suite closes it, and checks what Close does, so
// a cleanup the opener registers must accept a second Close (ErrClosed).
type Open func(t *testing.T, now func() time.Time) store.Backend

// Options are the suite's optional hooks; a nil hook skips the cases that
// need it, with a message saying so.
type Options struct {
	// Reopen closes b and opens the same data again, stamping with now:
	// the durability cases (what was acknowledged is there after a restart).
	Reopen func(t *testing.T, b store.Backend, now func() time.Time) store.Backend
	// Restore opens a new backend from the bytes Backup wrote.
	Restore func(t *testing.T, backup []byte) store.Backend
}

// Run runs every case of the suite, each on a backend of its own.
func Run(t *testing.T, open Open, opts Options) {
	s := &suite{open: open, opts: opts}
	cases := []struct {
		name string
		run  func(t *testing.T, s *suite)
	}{
		{"WriteCounts", testWriteCounts},
		{"WriteAtomic", testWriteAtomic},
		{"WriteSamePointTwice", testWriteSamePointTwice},
		{"WriteConcurrentReadAfterWrite", testWriteConcurrent},
		{"SeriesOrder", testSeriesOrder},
		{"PointsOrderAndRange", testPointsRange},
		{"LastPointsAndRecent", testLastPoints},
		{"ViewSnapshot", testViewSnapshot},
		{"AuditEntries", testAuditEntries},
		{"AuditOrderAndPaging", testAuditPaging},
		{"Arrivals", testArrivals},
		{"DeletePoint", testDeletePoint},
		{"DeleteSeries", testDeleteSeries},
		{"DeleteRefused", testDeleteRefused},
		{"CatalogRevisions", testCatalogRevisions},
		{"State", testState},
		{"StateBatch", testStateBatch},
		{"Backup", testBackup},
		{"DurableOnAcknowledgement", testDurable},
		{"ContextCancelled", testCancelled},
		{"Closed", testClosed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, s) })
	}
}

type suite struct {
	open Open
	opts Options
}

// clock is a settable now, safe to read from the backend's goroutines.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// t0 is the backend's clock at the start of every case.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// backend opens a backend with a clock at t0, closed when the case ends.
func (s *suite) backend(t *testing.T) (store.Backend, *clock) {
	t.Helper()
	clk := &clock{t: t0}
	b := s.open(t, clk.now)
	t.Cleanup(func() { _ = b.Close() })
	return b, clk
}

// epoch is the first day the measurements refer to.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// day returns the n-th day after epoch.
func day(n int) time.Time { return epoch.AddDate(0, 0, n) }

// meas is one measurement; labels are name, value pairs.
func meas(ind string, d int, v float64, labels ...string) indicators.Measurement {
	var ls indicators.Labels
	for i := 0; i+1 < len(labels); i += 2 {
		ls = append(ls, indicators.Label{Name: labels[i], Value: labels[i+1]})
	}
	return indicators.Measurement{Indicator: ind, Labels: ls, Time: day(d), Value: v, Source: "suite"}
}

// write writes ms, failing the case on error.
func write(t *testing.T, b store.Backend, ms ...indicators.Measurement) store.WriteResult {
	t.Helper()
	res, err := b.Write(t.Context(), ms, "suite")
	if err != nil {
		t.Fatalf("Write(%d measurements) = %v", len(ms), err)
	}
	return res
}

// seriesID returns the id of a series, failing the case if unknown.
func seriesID(t *testing.T, b store.Backend, ind string, labels ...string) uint64 {
	t.Helper()
	m := meas(ind, 0, 0, labels...)
	id, err := b.SeriesID(ind, m.Labels)
	if err != nil {
		t.Fatalf("SeriesID(%s%s) = %v", ind, m.Labels, err)
	}
	return id
}

// points returns the points of a series as "day=value" in read order.
func points(t *testing.T, b store.Backend, id uint64) string {
	t.Helper()
	var out []string
	err := b.Points(id, time.Time{}, time.Time{}, func(p indicators.Point, _ string) error {
		out = append(out, dayValue(p))
		return nil
	})
	if err != nil {
		t.Fatalf("Points(%d) = %v", id, err)
	}
	return strings.Join(out, " ")
}

func dayValue(p indicators.Point) string {
	return fmt.Sprintf("%d=%g", int(p.Time.Sub(epoch).Hours()/24), p.Value)
}

func dayValues(ps []indicators.Point) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = dayValue(p)
	}
	return strings.Join(out, " ")
}

// wantErr fails the case unless err is target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s = %v, want %v", what, err, target)
	}
}

// cancelled returns a context already cancelled.
func cancelled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}
