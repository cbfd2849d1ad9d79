package etcdstore_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// batch returns n measurements of one indicator over n series.
func batch(n int, value float64) []indicators.Measurement {
	ms := make([]indicators.Measurement, n)
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range ms {
		ms[i] = indicators.Measurement{Indicator: "big", Labels: indicators.Labels{{Name: "n", Value: fmt.Sprintf("%06d", i)}},
			Time: at, Value: value, Source: "a source name long enough to make each measurement weigh"}
	}
	return ms
}

// A batch far beyond etcd's request (1.5 MiB) and transaction (128
// operations) limits is one entry: acknowledged whole, seen whole by
// another replica, revised whole.
func TestLargeBatchIsOneEntry(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a, b := open(t, cli, prefix, nil), open(t, cli, prefix, nil)
	t.Cleanup(func() { a.Close(); b.Close() })
	const n = 20_000
	for round, v := range []float64{1, 2} {
		res, err := a.Write(t.Context(), batch(n, v), "bulk")
		if err != nil {
			t.Fatalf("Write(%d measurements) = %v", n, err)
		}
		if got := res.New + res.Revised; got != n {
			t.Fatalf("round %d: Write = %+v, want %d points new or revised", round, res, n)
		}
		// Not the watch's pace under test here (TestWatchFeedsOtherReplica):
		// the whole batch, as one entry.
		if err := b.Sync(t.Context()); err != nil {
			t.Fatalf("round %d: Sync = %v", round, err)
		}
		if st := b.Stats(); st.Series != n || st.Points != n {
			t.Errorf("round %d: the other replica's Stats = %+v, want %d series and points", round, st, n)
		}
		series, err := b.SeriesOf("big")
		if err != nil || len(series) != n {
			t.Fatalf("the other replica's SeriesOf = %d series, %v", len(series), err)
		}
		last, err := b.LastPoints(series[n-1].ID, 1, nil)
		if err != nil || len(last) != 1 || last[0].Value != v {
			t.Errorf("round %d: the other replica's last point = %v, %v; want value %g", round, last, err, v)
		}
	}
}

// Replicas appending at once get one order: the same series ids, the same
// audit log, on both.
func TestReplicasAgreeOnOrder(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a, b := open(t, cli, prefix, nil), open(t, cli, prefix, nil)
	t.Cleanup(func() { a.Close(); b.Close() })
	var wg sync.WaitGroup
	for r, rep := range []*etcdstore.Backend{a, b} {
		wg.Go(func() {
			for i := range 20 {
				m := indicators.Measurement{Indicator: fmt.Sprintf("r%d_%d", r, i), Time: time.Unix(0, 0).UTC(), Value: float64(i)}
				if _, err := rep.Write(t.Context(), []indicators.Measurement{m}, fmt.Sprintf("replica%d", r)); err != nil {
					t.Errorf("replica %d: Write = %v", r, err)
				}
			}
		})
	}
	wg.Wait()
	for _, rep := range []*etcdstore.Backend{a, b} {
		if err := rep.Sync(t.Context()); err != nil {
			t.Fatalf("Sync = %v", err)
		}
	}
	sa, errA := a.Series()
	sb, errB := b.Series()
	if errA != nil || errB != nil || len(sa) != 40 || !reflect.DeepEqual(sa, sb) {
		t.Errorf("Series differ between replicas:\n%v (%v)\n%v (%v)", sa, errA, sb, errB)
	}
	aa, _ := a.Audit(0, 0)
	ab, _ := b.Audit(0, 0)
	if len(aa) != 40 || !reflect.DeepEqual(aa, ab) {
		t.Errorf("audit logs differ between replicas: %d and %d entries", len(aa), len(ab))
	}
}

// A staged chunk no entry names (a replica that died between staging and
// committing) is never read; a prefix sees nothing of another's.
func TestUncommittedAndOtherPrefixesIgnored(t *testing.T) {
	cli := client(t)
	prefix, other := newPrefix(), newPrefix()
	if _, err := cli.Put(t.Context(), prefix+"chunk/orphan/000000", `{"kind":"write"}`); err != nil {
		t.Fatal(err)
	}
	o := open(t, cli, other, nil)
	t.Cleanup(func() { o.Close() })
	if _, err := o.Write(t.Context(), batch(3, 1), "other"); err != nil {
		t.Fatal(err)
	}
	b := open(t, cli, prefix, nil)
	t.Cleanup(func() { b.Close() })
	if st := b.Stats(); st != (store.Stats{}) || b.Entries() != 0 {
		t.Errorf("Stats = %+v, entries %d; want an empty record", st, b.Entries())
	}
}

// Restore refuses a prefix in use rather than interleave two records.
func TestRestoreRefusesUsedPrefix(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	b := open(t, cli, prefix, nil)
	t.Cleanup(func() { b.Close() })
	if _, err := b.Write(t.Context(), batch(1, 1), "x"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := b.Backup(&buf, nil); err != nil {
		t.Fatal(err)
	}
	_, err := etcdstore.Restore(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir()}, &buf)
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Restore into a used prefix = %v, want ErrInvalid", err)
	}
}

// Open refuses options that would mix deployments or lose the local copy.
func TestOpenRefusesIncompleteOptions(t *testing.T) {
	cli := client(t)
	for name, opts := range map[string]etcdstore.Options{
		"no client": {Prefix: "p/", Dir: t.TempDir()},
		"no prefix": {Client: cli, Dir: t.TempDir()},
		"no dir":    {Client: cli, Prefix: "p/"},
	} {
		if _, err := etcdstore.Open(t.Context(), opts); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Open(%s) = %v, want ErrInvalid", name, err)
		}
	}
}

// A replica reconciling an unchanged catalog at start appends nothing.
func TestUnchangedIndicatorAppendsNothing(t *testing.T) {
	cli := client(t)
	b := open(t, cli, newPrefix(), nil)
	t.Cleanup(func() { b.Close() })
	def := store.StoredIndicator{ID: "x", Name: "X", Unit: "count"}
	for i, wantChanged := range []bool{true, false} {
		rev, changed, err := b.PutIndicator(def, "catalog", "file")
		if err != nil || rev != 1 || changed != wantChanged {
			t.Errorf("PutIndicator #%d = %d, %v, %v; want 1, %v", i+1, rev, changed, err, wantChanged)
		}
	}
	if n := b.Entries(); n != 1 {
		t.Errorf("after putting the same definition twice the log holds %d entries, want 1", n)
	}
}
