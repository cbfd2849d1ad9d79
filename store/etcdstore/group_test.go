package etcdstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
	"github.com/jalonhq/jalon/store/storecmp"
)

// queue makes n changes on b while it holds the committer's turn, each
// from a goroutine of its own, waiting for each to be queued before the
// next so that the queue's order is the calls' order; release lets them be
// appended together, and wait returns their errors in that order.
type queued struct {
	wg   sync.WaitGroup
	errs []error
}

func queue(t *testing.T, b *etcdstore.Backend, calls ...func() error) *queued {
	t.Helper()
	q := &queued{errs: make([]error, len(calls))}
	base := etcdstore.Queued(b)
	for i, call := range calls {
		q.wg.Go(func() { q.errs[i] = call() })
		waitFor(t, 5*time.Second, fmt.Sprintf("change %d queued", i), func() bool { return etcdstore.Queued(b) == base+i+1 })
	}
	return q
}

func (q *queued) wait() []error {
	q.wg.Wait()
	return q.errs
}

// fixedClock stamps every change alike where replicas are compared record
// by record: see TestGroupCommitConcurrentWriters.
func fixedClock() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

func write(b store.Backend, ctx context.Context, m indicators.Measurement) func() error {
	return func() error {
		_, err := b.Write(ctx, []indicators.Measurement{m}, "tester")
		return err
	}
}

// Many writers on two replicas at once, writing new points and revising
// them: every write acknowledged is on both replicas, the replicas are
// identical record by record (audit log included), and the writes shared
// entries (fewer entries than writes).
//
// The replicas' clock is fixed: the local bbolt copy records when points
// arrive at the latest time of the writes of one second it folds into its
// file in one transaction (store.applyRecords), and how it folds is each
// replica's own pace, so two replicas may give a point arrival times a few
// milliseconds apart, group commit or not (main's code shows it with this
// test and a real clock).
func TestGroupCommitConcurrentWriters(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	reg := prometheus.NewRegistry()
	a, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir(), Now: fixedClock, Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close(); b.Close() })
	const writers, each = 24, 20 // per replica; every other write revises
	type ack struct {
		m       indicators.Measurement
		res     store.WriteResult
		revises bool
	}
	var mu sync.Mutex
	var acked []ack
	var wg sync.WaitGroup
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for r, rep := range []*etcdstore.Backend{a, b} {
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					k := ack{m: indicators.Measurement{Indicator: "pushed",
						Labels: indicators.Labels{{Name: "writer", Value: fmt.Sprintf("%d-%d", r, w)}, {Name: "n", Value: fmt.Sprint(i)}},
						Time:   at, Value: float64(i)}}
					if i%2 == 1 { // the previous point, another value
						k.m.Labels[1].Value, k.m.Value, k.revises = fmt.Sprint(i-1), float64(1000+i), true
					}
					res, err := rep.Write(t.Context(), []indicators.Measurement{k.m}, fmt.Sprintf("writer%d", w))
					if err != nil {
						t.Errorf("replica %d writer %d: Write = %v", r, w, err)
						return
					}
					k.res = res
					mu.Lock()
					acked = append(acked, k)
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, rep := range []*etcdstore.Backend{a, b} {
		if err := rep.Sync(t.Context()); err != nil {
			t.Fatalf("Sync = %v", err)
		}
	}
	const total = 2 * writers * each
	if len(acked) != total {
		t.Fatalf("%d writes acknowledged, want %d", len(acked), total)
	}
	for _, k := range acked {
		if k.revises && k.res.Revised != 1 || !k.revises && k.res.New != 1 {
			t.Errorf("Write(%v) = %+v, want its one point new (or revised: %v)", k.m, k.res, k.revises)
		}
	}
	c, err := storecmp.Compare(a, b, nil)
	if err != nil {
		t.Fatalf("the replicas differ: %v", err)
	}
	if c.Points != total/2 || c.AuditEntries < total {
		t.Errorf("compared %s, want %d points and at least %d audit entries", c, total/2, total)
	}
	for _, k := range acked {
		if !k.revises {
			continue
		}
		for name, rep := range map[string]*etcdstore.Backend{"a": a, "b": b} {
			if v, ok := lastValue(rep, k.m.Indicator, k.m.Labels); !ok || v != k.m.Value {
				t.Errorf("replica %s: acknowledged revision %v: last value %v, %v", name, k.m, v, ok)
			}
		}
	}
	entries := a.Entries()
	t.Logf("%d writes in %d entries (%.1f a group)", total, entries, float64(total)/float64(entries))
	if entries >= total {
		t.Errorf("%d writes took %d entries: no group commit", total, entries)
	}
	// Replica a's own entries: its writes, fewer entries.
	count, sum := histogram(t, reg, "jalon_etcd_entry_changes")
	if sum != writers*each || int(count) >= sum {
		t.Errorf("jalon_etcd_entry_changes: %d entries holding %d changes, want %d changes in fewer entries", count, sum, writers*each)
	}
}

// histogram returns the sample count and sum of the histogram name in reg.
func histogram(t *testing.T, reg *prometheus.Registry, name string) (uint64, int) {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			h := mf.GetMetric()[0].GetHistogram()
			return h.GetSampleCount(), int(h.GetSampleSum())
		}
	}
	t.Fatalf("no metric %s", name)
	return 0, 0
}

// A group whose changes are refused for some (an invalid measurement, a
// deletion of nothing) answers each of those its own refusal and the
// others their success, in one entry that every replica applies alike.
func TestGroupRefusalIsItsCallersOnly(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a, b := open(t, cli, prefix, fixedClock), open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close(); b.Close() })
	before := a.Entries()
	release := etcdstore.HoldTurn(a)
	q := queue(t, a,
		write(a, t.Context(), point("ok", 1, 1)),
		write(a, t.Context(), indicators.Measurement{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Value: 2}), // no indicator
		func() error {
			_, err := a.Delete(t.Context(), []store.Target{{Indicator: "never", Labels: indicators.Labels{{Name: "n", Value: "0"}}}}, "tidy", "tester")
			return err
		},
		write(a, t.Context(), point("ok", 2, 3)),
		func() error { return a.PutState(store.StateCollectors, "k", []byte("v")) },
	)
	release()
	errs := q.wait()
	if errs[0] != nil || errs[3] != nil || errs[4] != nil {
		t.Errorf("the valid changes = %v, %v, %v; want nil", errs[0], errs[3], errs[4])
	}
	if !errors.Is(errs[1], store.ErrInvalid) {
		t.Errorf("the write without indicator = %v, want ErrInvalid", errs[1])
	}
	if !errors.Is(errs[2], store.ErrNotFound) {
		t.Errorf("the deletion of nothing = %v, want ErrNotFound", errs[2])
	}
	if got := a.Entries() - before; got != 1 {
		t.Errorf("the group took %d entries, want 1", got)
	}
	if err := b.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, rep := range []*etcdstore.Backend{a, b} {
		for i, want := range map[int]float64{1: 1, 2: 3} {
			if v, ok := lastValue(rep, "ok", point("ok", i, 0).Labels); !ok || v != want {
				t.Errorf("series %d: last value %v, %v; want %g", i, v, ok, want)
			}
		}
		if v, err := rep.GetState(store.StateCollectors, "k"); err != nil || string(v) != "v" {
			t.Errorf("GetState = %q, %v", v, err)
		}
	}
	if _, err := storecmp.Compare(a, b, nil); err != nil {
		t.Errorf("the replicas differ: %v", err)
	}
}

// A change whose caller's context ends while it is queued is withdrawn:
// the caller gets the context's error and nothing of it enters the log.
func TestQueuedChangeWithdrawnWhenContextEnds(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close() })
	before := a.Entries()
	release := etcdstore.HoldTurn(a)
	ctx, cancel := context.WithCancel(t.Context())
	gone := queue(t, a, write(a, ctx, point("gone", 1, 1)))
	kept := queue(t, a, write(a, t.Context(), point("kept", 1, 1)))
	cancel()
	if err := gone.wait()[0]; !errors.Is(err, context.Canceled) {
		t.Errorf("the write whose context ended = %v, want context.Canceled", err)
	}
	release()
	if err := kept.wait()[0]; err != nil {
		t.Fatalf("the other write = %v", err)
	}
	if got := a.Entries() - before; got != 1 {
		t.Errorf("%d entries appended, want 1 (the kept write)", got)
	}
	fresh := open(t, cli, prefix, fixedClock)
	defer fresh.Close()
	if _, ok := lastValue(fresh, "gone", point("gone", 1, 0).Labels); ok {
		t.Error("the withdrawn write is in the log")
	}
	if _, ok := lastValue(fresh, "kept", point("kept", 1, 0).Labels); !ok {
		t.Error("the acknowledged write is not in the log")
	}
}

// A deposed leader's fenced changes, queued among unfenced ones, are
// refused with ErrDeposed; the unfenced ones, which never share an entry
// with a fenced one, go in together.
func TestGroupDeposedFenceRefusesOnlyItsChanges(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close() })
	s, e := etcdcluster.Campaign(t, cli, prefix, "replica")
	leader, err := a.Fenced(etcdstore.Fence{Key: e.Key(), Rev: e.Rev()})
	if err != nil {
		t.Fatal(err)
	}
	if err := leader.PutState(store.StateCollectors, "p", []byte("term")); err != nil {
		t.Fatalf("the leader's PutState = %v", err)
	}
	if _, err := cli.Revoke(t.Context(), s.Lease()); err != nil {
		t.Fatal(err)
	}
	before := a.Entries()
	release := etcdstore.HoldTurn(a)
	q := queue(t, a,
		write(a, t.Context(), point("free", 1, 1)),
		func() error { return leader.PutState(store.StateCollectors, "p", []byte("stale")) },
		write(a, t.Context(), point("free", 2, 2)),
		write(leader, t.Context(), point("stale", 1, 1)),
		write(a, t.Context(), point("free", 3, 3)),
	)
	release()
	errs := q.wait()
	for _, i := range []int{0, 2, 4} {
		if errs[i] != nil {
			t.Errorf("unfenced write %d = %v, want nil", i, errs[i])
		}
	}
	for _, i := range []int{1, 3} {
		if !errors.Is(errs[i], etcdstore.ErrDeposed) {
			t.Errorf("the deposed leader's change %d = %v, want ErrDeposed", i, errs[i])
		}
	}
	if got := a.Entries() - before; got != 1 {
		t.Errorf("%d entries appended, want 1 (the three unfenced writes)", got)
	}
	if v, err := a.GetState(store.StateCollectors, "p"); err != nil || string(v) != "term" {
		t.Errorf("GetState = %q, %v; want the term's value", v, err)
	}
	if _, ok := lastValue(a, "stale", point("stale", 1, 0).Labels); ok {
		t.Error("the deposed leader's write is in the record")
	}
}

// Each change of a group is its own Change for OnApply, in the log's
// order: Local on the replica that appended the group, not on the other.
func TestGroupChangesToldOneByOne(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	var onA, onB changes
	a, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir(), OnApply: onA.add})
	if err != nil {
		t.Fatal(err)
	}
	b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir(), OnApply: onB.add})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	release := etcdstore.HoldTurn(a)
	q := queue(t, a,
		write(a, t.Context(), point("told", 1, 1)),
		func() error { return a.PutState(store.StateAlerts, "x", []byte("1")) },
		write(a, t.Context(), indicators.Measurement{Value: 1}), // refused: not told
		write(a, t.Context(), point("told", 2, 2)),
	)
	release()
	q.wait()
	want := []etcdstore.ChangeKind{etcdstore.ChangeWrite, etcdstore.ChangeState, etcdstore.ChangeWrite}
	for name, c := range map[string]*changes{"appending replica": &onA, "other replica": &onB} {
		waitFor(t, 5*time.Second, name+" told", func() bool { return len(c.list()) >= len(want) })
		got := c.list()
		if len(got) != len(want) {
			t.Fatalf("%s told %d changes, want %d: %+v", name, len(got), len(want), got)
		}
		for i, ch := range got {
			if ch.Kind != want[i] || ch.Seq != got[0].Seq || ch.Local != (name == "appending replica") {
				t.Errorf("%s: change %d = %+v, want kind %v, entry %d, local %v", name, i, ch, want[i], got[0].Seq, name == "appending replica")
			}
		}
		if v := got[2].Measurements[0].Value; v != 2 {
			t.Errorf("%s: the last change wrote %g, want 2", name, v)
		}
	}
}

// A log holding entries of every format, as a replica upgraded in place
// meets it: a JSON record (before compression), a compressed single op
// (before group commit), and a group. A replica following the log and one
// opened after both apply all of them alike.
func TestLogOfEveryFormatApplies(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	follower := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { follower.Close() })
	op := func(day int) string {
		return fmt.Sprintf(`{"kind":"write","time":"2026-01-02T03:04:05Z","actor":"old","measurements":[{"indicator":"formats","labels":[{"name":"n","value":"0"}],"time":"2025-01-%02dT00:00:00Z","value":%d}]}`, day, day)
	}
	if _, err := cli.Put(t.Context(), etcdstore.EntryKey(prefix, 1), `{"op":`+op(1)+`}`); err != nil {
		t.Fatal(err)
	}
	if _, err := cli.Put(t.Context(), etcdstore.EntryKey(prefix, 2), string(etcdstore.Compress([]byte(op(2))))); err != nil {
		t.Fatal(err)
	}
	writer := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { writer.Close() })
	if err := etcdstore.AppendOp(writer, t.Context(), []byte(op(3))); err != nil {
		t.Fatalf("append a single op = %v", err)
	}
	release := etcdstore.HoldTurn(writer)
	labels := indicators.Labels{{Name: "n", Value: "0"}}
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	q := queue(t, writer,
		write(writer, t.Context(), indicators.Measurement{Indicator: "formats", Labels: labels, Time: at.AddDate(0, 0, 3), Value: 4}),
		write(writer, t.Context(), indicators.Measurement{Indicator: "formats", Labels: labels, Time: at.AddDate(0, 0, 4), Value: 5}),
	)
	release()
	for i, err := range q.wait() {
		if err != nil {
			t.Fatalf("grouped write %d = %v", i, err)
		}
	}
	if n := writer.Entries(); n != 4 {
		t.Fatalf("the log has %d entries, want 4", n)
	}
	waitFor(t, 5*time.Second, "the follower applies the log", func() bool { return follower.Entries() == 4 })
	late := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { late.Close() })
	for name, rep := range map[string]*etcdstore.Backend{"writer": writer, "follower": follower, "replica opened after": late} {
		id, err := rep.SeriesID("formats", labels)
		if err != nil {
			t.Fatalf("%s: SeriesID = %v", name, err)
		}
		pts, err := rep.LastPoints(id, 10, nil)
		if err != nil || len(pts) != 5 {
			t.Fatalf("%s: %d points, %v; want 5", name, len(pts), err)
		}
		for i, p := range pts {
			if p.Value != float64(i+1) {
				t.Errorf("%s: point %d = %g, want %d", name, i, p.Value, i+1)
			}
		}
	}
	if _, err := storecmp.Compare(follower, late, nil); err != nil {
		t.Errorf("the follower and the late replica differ: %v", err)
	}
}

// Large changes: a group is bounded (1 MiB of JSON: two of these writes
// share an entry, the third waits for the next), and an entry past the
// inline limit goes to chunks like any other; another replica reads it.
func TestLargeGroupIsChunkedAndBounded(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a, b := open(t, cli, prefix, fixedClock), open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close(); b.Close() })
	rng := rand.New(rand.NewPCG(3, 4))
	big := func(w int) []indicators.Measurement {
		ms := make([]indicators.Measurement, 1800)
		for i := range ms { // random values and labels: little to compress
			ms[i] = indicators.Measurement{Indicator: "large",
				Labels: indicators.Labels{{Name: "w", Value: fmt.Sprint(w)}, {Name: "k", Value: fmt.Sprintf("%d-%x", i, rng.Uint64())}},
				Time:   time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Value: rng.Float64()}
		}
		return ms
	}
	writes := [][]indicators.Measurement{big(0), big(1), big(2)}
	size, err := json.Marshal(writes[0])
	if err != nil {
		t.Fatal(err)
	}
	if n := len(size); 2*n+1000 > 1<<20 || 3*n < 1<<20 {
		t.Fatalf("a write is %d bytes of JSON: two must fit in 1 MiB, three not", n)
	}
	before := a.Entries()
	release := etcdstore.HoldTurn(a)
	var calls []func() error
	for _, ms := range writes {
		calls = append(calls, func() error {
			_, err := a.Write(t.Context(), ms, "bulk")
			return err
		})
	}
	q := queue(t, a, calls...)
	release()
	for i, err := range q.wait() {
		if err != nil {
			t.Fatalf("write %d = %v", i, err)
		}
	}
	if got := a.Entries() - before; got != 2 {
		t.Errorf("3 writes of %d bytes took %d entries, want 2", len(size), got)
	}
	if n, err := etcdstore.Keys(t.Context(), cli, prefix, "chunk/"); err != nil || n == 0 {
		t.Errorf("chunk keys = %d, %v; want the group's entry chunked", n, err)
	}
	if err := b.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := b.Stats(); st.Points != 3*1800 {
		t.Errorf("the other replica has %d points, want %d", st.Points, 3*1800)
	}
	if _, err := storecmp.Compare(a, b, nil); err != nil {
		t.Errorf("the replicas differ: %v", err)
	}
}

// A group holding an op of a kind this jalond does not know (a newer
// jalond's) stops the replica, as a single entry of that kind does
// (TestNewerKindStops): the ops before it in the group are no excuse to
// skip it.
func TestGroupWithNewerKindStops(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, fixedClock)
	defer a.Close()
	group := `{"kind":"group","ops":[{"kind":"state","time":"2026-01-01T00:00:00Z","state":[{"bucket":"collectors","key":"k","value":"dg=="}]},` +
		`{"kind":"from_the_future","time":"2026-01-01T00:00:00Z"}]}`
	err := etcdstore.AppendOp(a, t.Context(), []byte(group))
	want := `entry 1 was written by a newer jalond (kind "from_the_future"): upgrade this replica`
	if !errors.Is(err, store.ErrSchemaTooNew) || !strings.Contains(err.Error(), want) {
		t.Fatalf("appending the group = %v; want %q", err, want)
	}
	if _, err := a.Series(); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Errorf("a read after the group = %v, want the replica stopped", err)
	}
	_, err = etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir()})
	if !errors.Is(err, store.ErrSchemaTooNew) {
		t.Errorf("Open on the prefix = %v, want the replica stopped at entry 1", err)
	}
}
