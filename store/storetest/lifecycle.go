package storetest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// fill gives a backend some of everything: points, a revision, a deletion,
// a catalog revision, state.
func fill(t *testing.T, b store.Backend, clk *clock) {
	t.Helper()
	write(t, b, meas("x", 0, 1), meas("x", 1, 2), meas("y", 0, 3, "region", "84"))
	clk.set(t0.Add(time.Hour))
	write(t, b, meas("x", 1, 5))
	if _, err := b.Delete(t.Context(), []store.Target{{Indicator: "x", At: day(0)}}, "mistake", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.PutIndicator(store.StoredIndicator{ID: "x", Name: "X"}, "catalog", "seed"); err != nil {
		t.Fatal(err)
	}
	if err := b.PutState(store.StateCollectors, "ans", []byte("ok")); err != nil {
		t.Fatal(err)
	}
}

// dump describes everything a backend holds, to compare two.
func dump(t *testing.T, b store.Backend) string {
	t.Helper()
	var w strings.Builder
	series, err := b.Series()
	if err != nil {
		t.Fatalf("Series = %v", err)
	}
	for _, s := range series {
		fmt.Fprintf(&w, "series %d %s%s: %s; as of %s: %s\n", s.ID, s.Indicator, s.Labels, points(t, b, s.ID),
			t0.Format(time.RFC3339), asOf(t, b, s.ID, t0))
	}
	audit, err := b.Audit(0, 0)
	if err != nil {
		t.Fatalf("Audit = %v", err)
	}
	for _, e := range audit {
		fmt.Fprintf(&w, "audit %+v\n", e)
	}
	inds, err := b.Indicators()
	if err != nil {
		t.Fatalf("Indicators = %v", err)
	}
	fmt.Fprintf(&w, "indicators %+v\nstats %+v\n", inds, b.Stats())
	for _, bucket := range []store.StateBucket{store.StateAlerts, store.StateOutbox, store.StateCollectors} {
		fmt.Fprintf(&w, "state %s %s\n", bucket, listState(t, b, bucket, ""))
	}
	return w.String()
}

// A backup, restored, is a store equal to the one backed up.
func testBackup(t *testing.T, s *suite) {
	if s.opts.Restore == nil {
		t.Skip("no Restore hook: the backend's backups are not checked")
	}
	b, clk := s.backend(t)
	fill(t, b, clk)
	var buf bytes.Buffer
	var announced int64 = -1
	n, err := b.Backup(&buf, func(size int64) { announced = size })
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) || announced != n {
		t.Errorf("Backup = %d bytes, announced %d, wrote %d; want all three equal", n, announced, buf.Len())
	}
	want := dump(t, b)
	restored := s.opts.Restore(t, buf.Bytes())
	t.Cleanup(func() { _ = restored.Close() })
	if got := dump(t, restored); got != want {
		t.Errorf("restored backup holds\n%s\nwant\n%s", got, want)
	}
}

// Whatever was acknowledged is there after the backend is reopened.
func testDurable(t *testing.T, s *suite) {
	if s.opts.Reopen == nil {
		t.Skip("no Reopen hook: durability is not checked")
	}
	b, clk := s.backend(t)
	fill(t, b, clk)
	want := dump(t, b)
	reopened := s.opts.Reopen(t, b, clk.now)
	t.Cleanup(func() { _ = reopened.Close() })
	if got := dump(t, reopened); got != want {
		t.Errorf("after reopening, the backend holds\n%s\nwant\n%s", got, want)
	}
	// The reopened backend goes on: its audit log and series ids continue.
	write(t, reopened, meas("z", 0, 1))
	series, err := reopened.Series()
	if err != nil || len(series) != 3 || series[2].ID <= series[1].ID {
		t.Errorf("after a write to the reopened backend, Series = %+v, %v; want z last with a new id", series, err)
	}
}

// A cancelled context writes and deletes nothing.
func testCancelled(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	write(t, b, meas("x", 0, 1))
	ctx := cancelled(t)
	_, err := b.Write(ctx, []indicators.Measurement{meas("x", 1, 2)}, "suite")
	wantErr(t, "Write(cancelled)", err, ctx.Err())
	_, err = b.Delete(ctx, []store.Target{{Indicator: "x"}}, "mistake", "admin")
	wantErr(t, "Delete(cancelled)", err, ctx.Err())
	if got := points(t, b, seriesID(t, b, "x")); got != "0=1" {
		t.Errorf("after cancelled calls, Points = %s, want 0=1", got)
	}
}

// After Close, every method returns ErrClosed; Stats keeps the last counts.
func testClosed(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	write(t, b, meas("x", 0, 1))
	if err := b.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	for name, err := range closedCalls(t, b) {
		wantErr(t, name+" after Close", err, store.ErrClosed)
	}
	if st := b.Stats(); st != (store.Stats{Series: 1, Points: 1}) {
		t.Errorf("Stats after Close = %+v, want the last counts", st)
	}
}

func closedCalls(t *testing.T, b store.Backend) map[string]error {
	ms := []indicators.Measurement{meas("x", 1, 2)}
	var err = map[string]error{}
	_, err["Write"] = b.Write(t.Context(), ms, "suite")
	_, err["Delete"] = b.Delete(t.Context(), []store.Target{{Indicator: "x"}}, "mistake", "admin")
	err["View"] = b.View(func(store.Reader) error { return nil })
	_, err["Series"] = b.Series()
	_, err["Audit"] = b.Audit(0, 0)
	_, _, err["PutIndicator"] = b.PutIndicator(store.StoredIndicator{ID: "x"}, "a", "")
	_, err["Indicators"] = b.Indicators()
	_, err["Revisions"] = b.Revisions("x")
	_, err["GetState"] = b.GetState(store.StateAlerts, "k")
	err["PutState"] = b.PutState(store.StateAlerts, "k", nil)
	err["ListState"] = b.ListState(store.StateAlerts, "", func(string, []byte) error { return nil })
	err["UpdateState"] = b.UpdateState([]store.StateChange{{Bucket: store.StateAlerts, Key: "k"}})
	_, err["Backup"] = b.Backup(io.Discard, nil)
	err["Close"] = b.Close()
	return err
}
