package etcdstore_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
	"github.com/jalonhq/jalon/store/storecmp"
)

// fill makes every kind of entry on b: writes, a revision, a deletion, a
// catalog revision, state changes, an audited state value; round makes
// each call's values its own.
func fill(t *testing.T, b *etcdstore.Backend, round int) {
	t.Helper()
	ctx := t.Context()
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, round, 0)
	var ms []indicators.Measurement
	for i := range 50 {
		ms = append(ms, indicators.Measurement{Indicator: "fill", Labels: indicators.Labels{{Name: "n", Value: fmt.Sprint(i)}},
			Time: at, Value: float64(round*100 + i), Source: "src"})
	}
	if _, err := b.Write(ctx, ms, "writer"); err != nil {
		t.Fatalf("Write = %v", err)
	}
	ms[0].Value = -1
	if res, err := b.Write(ctx, ms[:1], "reviser"); err != nil || res.Revised != 1 {
		t.Fatalf("revise = %+v, %v", res, err)
	}
	if _, err := b.Delete(ctx, []store.Target{{Indicator: "fill", Labels: ms[1].Labels, At: at}}, "wrong", "deleter"); err != nil {
		t.Fatalf("Delete = %v", err)
	}
	if _, _, err := b.PutIndicator(store.StoredIndicator{ID: "fill", Name: fmt.Sprint("Fill ", round), Unit: "count"}, "catalog", "file"); err != nil {
		t.Fatalf("PutIndicator = %v", err)
	}
	if err := b.PutState(store.StateAlerts, fmt.Sprint("alert", round), []byte("firing")); err != nil {
		t.Fatalf("PutState = %v", err)
	}
	if err := b.PutStateAudited(store.StateAssessments, fmt.Sprint("a", round), []byte("{}"), store.AuditEntry{Actor: "owner", Action: store.ActionAssess}); err != nil {
		t.Fatalf("PutStateAudited = %v", err)
	}
}

// same compares two replicas once each has caught up with the log: the
// watch brings the other's last writes within a moment, Sync at once.
func same(t *testing.T, what string, a, b storecmp.Source) storecmp.Counts {
	t.Helper()
	for _, r := range []storecmp.Source{a, b} {
		if s, ok := r.(interface{ Sync(context.Context) error }); ok {
			if err := s.Sync(t.Context()); err != nil {
				t.Fatalf("%s: Sync = %v", what, err)
			}
		}
	}
	c, err := storecmp.Compare(a, b, nil)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return c
}

func keysUnder(t *testing.T, cli *clientv3.Client, prefix, dir string) int64 {
	t.Helper()
	n, err := etcdstore.Keys(t.Context(), cli, prefix, dir)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A replica opening after checkpoints loads the snapshot and replays the
// log's tail, and holds the same record as the replica that applied every
// entry; the log is cut below the previous snapshot.
func TestCheckpointSnapshotPlusTail(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close() })
	fill(t, a, 1)
	first, err := a.Checkpoint(t.Context())
	if err != nil || first.Seq != a.Entries() || first.SnapshotBytes == 0 || first.Cut != 0 {
		t.Fatalf("first Checkpoint = %+v, %v; want a snapshot of entry %d and no cut", first, err, a.Entries())
	}
	fill(t, a, 2)
	second, err := a.Checkpoint(t.Context())
	if err != nil || second.Cut != first.Seq || second.CutEntries != int(first.Seq) || second.Compacted == 0 {
		t.Fatalf("second Checkpoint = %+v, %v; want entries 1 to %d cut and a compaction", second, err, first.Seq)
	}
	fill(t, a, 3) // the tail after the second snapshot
	if got, want := keysUnder(t, cli, prefix, "log/"), int64(a.Entries()-first.Seq); got != want {
		t.Errorf("the log holds %d entries after the cut, want %d", got, want)
	}
	b := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { b.Close() })
	if b.Entries() != a.Entries() {
		t.Errorf("the new replica is at entry %d, want %d", b.Entries(), a.Entries())
	}
	c := same(t, "snapshot + tail vs every entry", a, b)
	if c.Series == 0 || c.Points != 3*50-3 || c.AuditEntries == 0 || c.Revisions != 3 || c.StateEntries != 6 || c.DeletedSeries == 0 {
		t.Errorf("compared %v; want 147 points, 3 revisions, 6 state entries, series deleted whole", c)
	}
	// The new replica appends after the tail, and the first sees it.
	fill(t, b, 4)
	same(t, "after the new replica wrote", a, b)
}

// A replica behind the cut (its next entry deleted) loads the snapshot on
// its next read and carries on, appending at the log's end.
func TestBehindReplicaLoadsSnapshot(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a, behind := open(t, cli, prefix, fixedClock), open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close(); behind.Close() })
	fill(t, a, 1)
	if _, err := behind.Series(); err != nil { // catches up to here, then sleeps
		t.Fatal(err)
	}
	was := behind.Entries()
	for round := 2; round <= 3; round++ {
		fill(t, a, round)
		if _, err := a.Checkpoint(t.Context()); err != nil {
			t.Fatalf("Checkpoint = %v", err)
		}
	}
	if n := keysUnder(t, cli, prefix, fmt.Sprintf("log/%016x", was+1)); n != 0 {
		t.Fatalf("entry %d, the behind replica's next, is still in the log", was+1)
	}
	same(t, "the behind replica after its catch-up", a, behind)
	fill(t, behind, 4)
	same(t, "after the behind replica wrote", a, behind)
}

// A checkpoint sweeps chunks no entry names, staged before the previous
// snapshot, and keeps those of the entries in the log.
func TestCheckpointSweepsOrphansOnly(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close() })
	if _, err := cli.Put(t.Context(), prefix+"chunk/orphan/000000", "dead"); err != nil {
		t.Fatal(err)
	}
	if _, err := cli.Put(t.Context(), prefix+"chunk/orphan/000001", "dead"); err != nil {
		t.Fatal(err)
	}
	fill(t, a, 1)
	if _, err := a.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write(t.Context(), noisy(8000), "bulk"); err != nil { // chunked, in the tail
		t.Fatal(err)
	}
	named := keysUnder(t, cli, prefix, "chunk/") - 2
	if named == 0 {
		t.Fatal("the large write staged no chunks: make it larger")
	}
	res, err := a.Checkpoint(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n := keysUnder(t, cli, prefix, "chunk/orphan/"); n != 0 || res.SweptChunks == 0 {
		t.Errorf("after the checkpoint %d orphaned chunks remain (swept %d sets), want 0", n, res.SweptChunks)
	}
	if n := keysUnder(t, cli, prefix, "chunk/"); n != named {
		t.Errorf("%d chunks remain, want the %d of the entry in the log", n, named)
	}
	if n := keysUnder(t, cli, prefix, "snap/"); n == 0 {
		t.Error("the snapshot's chunks were swept")
	}
	b := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { b.Close() })
	same(t, "after the sweep", a, b)
}

// An append whose chunks a sweep deleted between staging and appending is
// refused, and the log stays readable.
func TestSweptAppendRefused(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close() })
	fill(t, a, 1)
	if _, err := a.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 300<<10) // incompressible: chunked
	rand.Read(data)
	_, err := etcdstore.StageAndCommit(a, t.Context(), data, func() {
		for round := 2; round <= 3; round++ {
			fill(t, a, round)
			if _, err := a.Checkpoint(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	})
	if err == nil || !strings.Contains(err.Error(), "swept") {
		t.Fatalf("append after its chunks were swept = %v, want a refusal", err)
	}
	b := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { b.Close() })
	same(t, "after the refused append", a, b)
}

// noisy is n measurements that compress little, so that their entry is
// chunked.
func noisy(n int) []indicators.Measurement {
	ms := batch(n, 1)
	for i := range ms {
		ms[i].Source = rand.Text()
	}
	return ms
}

// A backup of a cut log restores into an equal record.
func TestBackupAfterCut(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close() })
	for round := 1; round <= 2; round++ {
		fill(t, a, round)
		if _, err := a.Checkpoint(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	fill(t, a, 3)
	var buf bytes.Buffer
	if _, err := a.Backup(&buf, nil); err != nil {
		t.Fatal(err)
	}
	r, err := etcdstore.Restore(context.Background(), etcdstore.Options{Client: cli, Prefix: newPrefix(), Dir: t.TempDir()}, &buf)
	if err != nil {
		t.Fatalf("Restore = %v", err)
	}
	t.Cleanup(func() { r.Close() })
	same(t, "restored backup", a, r)
	if r.Entries() != a.Entries() {
		t.Errorf("restored record at entry %d, want %d", r.Entries(), a.Entries())
	}
}

// RunCheckpoints checkpoints on its ticker until its context ends.
func TestRunCheckpoints(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close() })
	fill(t, a, 1)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.RunCheckpoints(ctx, 50*time.Millisecond, slog.New(slog.DiscardHandler))
	}()
	deadline := time.Now().Add(10 * time.Second)
	for keysUnder(t, cli, prefix, "snapshot") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no snapshot written within 10 s of checkpoints every 50 ms")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("RunCheckpoints still running 10 s after its context ended")
	}
}

// Entries written before compression (JSON inline, chunks without enc) are
// still read.
func TestReadsUncompressedEntries(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	op := func(key, value string) string {
		return fmt.Sprintf(`{"kind":"state","time":"2025-01-01T00:00:00Z","state":[{"Bucket":"alerts","Key":%q,"Value":%q}]}`,
			key, base64.StdEncoding.EncodeToString([]byte(value)))
	}
	inline := `{"op":` + op("inline", "one") + `}`
	big := op("chunked", "two")
	sum := sha256.Sum256([]byte(big))
	chunked := fmt.Sprintf(`{"chunks":{"id":"old","n":1,"size":%d,"sha256":%q}}`, len(big), hex.EncodeToString(sum[:]))
	for key, value := range map[string]string{
		prefix + "log/0000000000000001": inline,
		prefix + "chunk/old/000000":     big,
		prefix + "log/0000000000000002": chunked,
	} {
		if _, err := cli.Put(t.Context(), key, value); err != nil {
			t.Fatal(err)
		}
	}
	b := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { b.Close() })
	for key, want := range map[string]string{"inline": "one", "chunked": "two"} {
		if got, err := b.GetState(store.StateAlerts, key); err != nil || string(got) != want {
			t.Errorf("GetState(%s) = %q, %v; want %q from the old entry", key, got, err, want)
		}
	}
}
