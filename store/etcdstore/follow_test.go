package etcdstore_test

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// changes records what OnApply is told.
type changes struct {
	mu  sync.Mutex
	got []etcdstore.Change
}

func (c *changes) add(ch etcdstore.Change) {
	c.mu.Lock()
	c.got = append(c.got, ch)
	c.mu.Unlock()
}

func (c *changes) list() []etcdstore.Change {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.got)
}

// waitFor polls cond every 2 ms until it holds or limit passes, and returns
// how long it took.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return time.Since(start)
}

// lastValue is the value of the last point of indicator's series with
// labels on b, false if b has no such series yet. It reads b's local copy
// only.
func lastValue(b *etcdstore.Backend, indicator string, labels indicators.Labels) (float64, bool) {
	id, err := b.SeriesID(indicator, labels)
	if err != nil {
		return 0, false
	}
	pts, err := b.LastPoints(id, 1, nil)
	if err != nil || len(pts) == 0 {
		return 0, false
	}
	return pts[0].Value, true
}

func point(indicator string, i int, value float64) indicators.Measurement {
	return indicators.Measurement{Indicator: indicator, Labels: indicators.Labels{{Name: "n", Value: fmt.Sprint(i % 3)}},
		Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), Value: value}
}

// A write through one replica is readable on another within a second, by
// the watch alone: the reader never asks etcd. OnApply tells the reader of
// each of the writer's entries once, in log order, with what it changed,
// and of its own as local.
func TestWatchFeedsOtherReplica(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, nil)
	var seen changes
	b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir(), OnApply: seen.add})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })

	const n = 30
	var delays []time.Duration
	var written [][]indicators.Measurement
	for i := range n {
		m := point("watched", i, float64(i))
		if _, err := a.Write(t.Context(), []indicators.Measurement{m}, "writer"); err != nil {
			t.Fatal(err)
		}
		written = append(written, []indicators.Measurement{m})
		delays = append(delays, waitFor(t, time.Second, fmt.Sprintf("write %d on the other replica", i), func() bool {
			v, ok := lastValue(b, m.Indicator, m.Labels)
			return ok && v == m.Value
		}))
	}
	slices.Sort(delays)
	t.Logf("read-after-write delay across replicas, %d writes: median %v, 90th %v, max %v",
		n, delays[n/2], delays[n*9/10], delays[n-1])

	if _, err := a.Delete(t.Context(), []store.Target{{Indicator: "watched", Labels: written[0][0].Labels}}, "wrong series", "writer"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.PutIndicator(store.StoredIndicator{ID: "watched", Name: "Watched", Unit: "count"}, "editor", "new"); err != nil {
		t.Fatal(err)
	}
	if err := a.UpdateState([]store.StateChange{{Bucket: store.StateAlerts, Key: "k", Value: []byte("v")},
		{Bucket: store.StateOutbox, Key: "k", Value: []byte("v")}}); err != nil {
		t.Fatal(err)
	}
	own := point("own", 0, 1)
	if _, err := b.Write(t.Context(), []indicators.Measurement{own}, "reader"); err != nil {
		t.Fatal(err)
	}
	const want = n + 4
	waitFor(t, 2*time.Second, fmt.Sprintf("%d changes told", want), func() bool { return len(seen.list()) >= want })
	time.Sleep(100 * time.Millisecond) // long enough for a duplicate to show
	got := seen.list()
	if len(got) != want {
		t.Fatalf("OnApply was told %d changes, want %d: %+v", len(got), want, got)
	}
	for i, c := range got {
		if c.Seq != got[0].Seq+uint64(i) {
			t.Errorf("change %d has sequence %d after %d: not once each, in order", i, c.Seq, got[0].Seq+uint64(i)-1)
		}
		if c.Local != (i == want-1) {
			t.Errorf("change %d (%v): Local = %v", i, c.Kind, c.Local)
		}
	}
	for i := range n {
		if got[i].Kind != etcdstore.ChangeWrite || !reflect.DeepEqual(got[i].Measurements, written[i]) {
			t.Errorf("change %d = %v %+v, want the write of %+v", i, got[i].Kind, got[i].Measurements, written[i])
		}
	}
	if c := got[n]; c.Kind != etcdstore.ChangeDelete || len(c.Removed) != 1 || !c.Removed[0].SeriesGone ||
		!reflect.DeepEqual(c.Removed[0].Labels, written[0][0].Labels) {
		t.Errorf("change %d = %v %+v, want the deletion of series %v", n, c.Kind, c.Removed, written[0][0].Labels)
	}
	if c := got[n+1]; c.Kind != etcdstore.ChangeIndicator || c.Indicator != "watched" {
		t.Errorf("change %d = %v %q, want indicator watched revised", n+1, c.Kind, c.Indicator)
	}
	if c := got[n+2]; c.Kind != etcdstore.ChangeState || !reflect.DeepEqual(c.Buckets, []store.StateBucket{store.StateAlerts, store.StateOutbox}) {
		t.Errorf("change %d = %v %v, want state of alerts and outbox", n+2, c.Kind, c.Buckets)
	}
	if c := got[n+3]; c.Kind != etcdstore.ChangeWrite || !reflect.DeepEqual(c.Measurements, []indicators.Measurement{own}) {
		t.Errorf("change %d = %v %+v, want the replica's own write", n+3, c.Kind, c.Measurements)
	}
	waitFor(t, 5*time.Second, "InSync", func() bool { return b.InSync() == nil })
}

// With etcd out of reach, a replica keeps answering reads from its local
// copy and says it is out of sync; once etcd is back it catches up with
// what was written meanwhile and says it is in sync again.
func TestFollowThroughEtcdOutage(t *testing.T) {
	direct := client(t)
	p := testpeer.NewProxy(t, strings.TrimPrefix(cluster.Cluster(t).Endpoints[0], "http://"))
	far, err := clientv3.New(clientv3.Config{Endpoints: []string{"http://" + p.Addr()}, DialTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { far.Close() })
	prefix := newPrefix()
	a := open(t, direct, prefix, nil)
	b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: far, Prefix: prefix, Dir: t.TempDir(),
		Probe: 100 * time.Millisecond, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	before := point("outage", 0, 1)
	if _, err := a.Write(t.Context(), []indicators.Measurement{before}, "writer"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, time.Second, "the first write on the far replica", func() bool { _, ok := lastValue(b, "outage", before.Labels); return ok })
	waitFor(t, 2*time.Second, "InSync before the outage", func() bool { return b.InSync() == nil })

	p.Cut()
	took := waitFor(t, 3*time.Second, "InSync to report the outage", func() bool { return b.InSync() != nil })
	t.Logf("out of sync reported %v after etcd went out of reach: %v", took, b.InSync())
	during := point("outage", 0, 2)
	if _, err := a.Write(t.Context(), []indicators.Measurement{during}, "writer"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	v, ok := lastValue(b, "outage", before.Labels)
	if read := time.Since(start); !ok || v != 1 || read > 100*time.Millisecond {
		t.Errorf("read on the cut-off replica = %g, %v in %v; want the value it had, 1, from its local copy at once", v, ok, read)
	}
	if st := b.Stats(); st.Points != 1 {
		t.Errorf("Stats on the cut-off replica = %+v, want its local copy's 1 point", st)
	}
	if err := b.InSync(); err == nil {
		t.Errorf("InSync = nil while etcd is out of reach")
	}

	p.Restore()
	took = waitFor(t, 20*time.Second, "the write made during the outage", func() bool {
		v, ok := lastValue(b, "outage", before.Labels)
		return ok && v == during.Value
	})
	t.Logf("caught up %v after etcd came back", took)
	waitFor(t, 5*time.Second, "InSync after the outage", func() bool { return b.InSync() == nil })
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.InSync(); !errors.Is(err, store.ErrClosed) {
		t.Errorf("InSync after Close = %v, want ErrClosed", err)
	}
	if _, err := b.Series(); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Series after Close = %v, want ErrClosed", err)
	}
}

// Stopping an etcd member, whichever serves the watch, leaves the replicas
// following the log through the others.
func TestFollowSurvivesMemberStop(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no etcd cluster")
	}
	dir, err := os.MkdirTemp("", "jalon-etcd-stop-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c, err := etcdcluster.Start(dir, 3, 60*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	newClient := func() *clientv3.Client {
		cli, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints, DialTimeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cli.Close() })
		return cli
	}
	prefix := newPrefix()
	a := open(t, newClient(), prefix, nil)
	b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: newClient(), Prefix: prefix, Dir: t.TempDir(), Probe: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	// Each member in turn: one of them serves b's watch.
	for i := range c.Endpoints {
		c.StopMember(i)
		m := point("stops", i, float64(i+1))
		// A write caught by the stop may fail: a client retries it, and
		// the same point again changes nothing.
		for try := 0; ; try++ {
			_, err := a.Write(t.Context(), []indicators.Measurement{m}, "writer")
			if err == nil {
				break
			}
			if try == 20 {
				t.Fatalf("write with member %d stopped: %v", i, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		took := waitFor(t, 2*time.Second, fmt.Sprintf("the write with member %d stopped, on the other replica", i), func() bool {
			v, ok := lastValue(b, m.Indicator, m.Labels)
			return ok && v == m.Value
		})
		t.Logf("member %d stopped: the write seen on the other replica %v after it was acknowledged", i, took)
		waitFor(t, 5*time.Second, fmt.Sprintf("InSync with member %d stopped", i), func() bool { return b.InSync() == nil })
		if err := c.RestartMember(i, 30*time.Second); err != nil {
			t.Fatal(err)
		}
	}
}
