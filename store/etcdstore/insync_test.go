package etcdstore_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// A replica applying another's entries as they come is in sync: the moment
// between hearing of an entry and applying it is not "behind the log", or
// /-/ready would refuse traffic at random under a steady write load.
func TestInSyncHoldsWhileApplyingAStream(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, nil)
	b := open(t, cli, prefix, nil)
	waitFor(t, 5*time.Second, "the reader in sync", func() bool { return b.InSync() == nil })

	var (
		polls, out atomic.Int64
		firstMu    sync.Mutex
		first      error
		stop       = make(chan struct{})
		done       = make(chan struct{})
	)
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			polls.Add(1)
			if err := b.InSync(); err != nil {
				out.Add(1)
				firstMu.Lock()
				if first == nil {
					first = err
				}
				firstMu.Unlock()
			}
			time.Sleep(20 * time.Microsecond) // thousands of polls a second, not a spinning core
		}
	}()
	// Batches large enough that applying one takes a while.
	const writes, perWrite = 60, 400
	for w := range writes {
		batch := make([]indicators.Measurement, perWrite)
		for i := range batch {
			batch[i] = point("stream", w*perWrite+i, float64(i))
		}
		if _, err := a.Write(t.Context(), batch, "writer"); err != nil {
			close(stop)
			<-done
			t.Fatal(err)
		}
	}
	last := point("stream", writes*perWrite-1, float64(perWrite-1))
	waitFor(t, 5*time.Second, "the last write on the reader", func() bool {
		v, ok := lastValue(b, last.Indicator, last.Labels)
		return ok && v == last.Value
	})
	close(stop)
	<-done
	if n := out.Load(); n > 0 {
		t.Errorf("InSync said out of sync %d times in %d polls while the reader applied a stream of %d writes; first: %v",
			n, polls.Load(), writes, first)
	}
	t.Logf("%d polls of InSync while %d writes of %d points were applied", polls.Load(), writes, perWrite)
}

// A component slow to take the changes another replica's writes make shows
// on jalon_etcd_changes_pending, and the gauge comes back to zero once it
// has taken them all.
func TestChangesPendingGauge(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, nil)
	release := make(chan struct{})
	var taken atomic.Int64
	reg := prometheus.NewRegistry()
	b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir(), Registerer: reg,
		OnApply: func(etcdstore.Change) {
			<-release
			taken.Add(1)
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	pending := func() float64 {
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			if mf.GetName() == "jalon_etcd_changes_pending" {
				return mf.GetMetric()[0].GetGauge().GetValue()
			}
		}
		t.Fatal("no jalon_etcd_changes_pending")
		return 0
	}
	const n = 5
	for i := range n {
		if _, err := a.Write(t.Context(), []indicators.Measurement{point("slow", i, float64(i))}, "writer"); err != nil {
			t.Fatal(err)
		}
	}
	// One change is in the hook, held; the others wait behind it.
	waitFor(t, 5*time.Second, "the writes pending on the reader", func() bool { return pending() == n })
	close(release)
	waitFor(t, 5*time.Second, "the changes taken", func() bool { return taken.Load() == n && pending() == 0 })
}
