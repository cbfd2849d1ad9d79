package etcdstore_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// Two checkpoints by another replica between an append's catch-up and its
// transaction cut the very entry number the append is about to take: that
// key, deleted, looks never used. The append must notice the checkpoint,
// load the snapshot and take the next free number, or the log would hold
// two different entries under one number on two replicas.
func TestCheckpointBetweenCatchUpAndAppend(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	// One clock for all: replicas may stamp arrivals up to a second
	// apart (docs/architecture.md, "Arrivals"), which storecmp reports.
	a, b := open(t, cli, prefix, fixedClock), open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close(); b.Close() })
	fill(t, a, 1)
	if err := b.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	behind := b.Entries()
	var cut etcdstore.Checkpointed
	ran := false
	etcdstore.BeforeAppend(b, func() {
		if ran {
			return
		}
		ran = true
		fill(t, a, 2)
		if _, err := a.Checkpoint(t.Context()); err != nil {
			t.Fatalf("first Checkpoint = %v", err)
		}
		fill(t, a, 3)
		var err error
		if cut, err = a.Checkpoint(t.Context()); err != nil {
			t.Fatalf("second Checkpoint = %v", err)
		}
	})
	m := indicators.Measurement{Indicator: "raced", Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Value: 7, Source: "src"}
	if _, err := b.Write(t.Context(), []indicators.Measurement{m}, "writer"); err != nil {
		t.Fatalf("Write after a checkpoint cut the log under it = %v", err)
	}
	if !ran || cut.Cut <= behind {
		t.Fatalf("the checkpoints cut the log up to entry %d; the test needs the writer's next entry (%d) cut", cut.Cut, behind+1)
	}
	same(t, "the writer and the checkpointer", a, b)
	if b.Entries() != a.Entries() {
		t.Errorf("the writer is at entry %d, the other replica at %d", b.Entries(), a.Entries())
	}
	if v, ok := lastValue(a, m.Indicator, m.Labels); !ok || v != m.Value {
		t.Errorf("the raced write on the other replica = %v, %v; want %v", v, ok, m.Value)
	}
	fresh := open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { fresh.Close() })
	same(t, "a replica opened afterwards", a, fresh)
}

// A quorum lost after an append caught up, so that its transaction went
// out and got no answer, is refused saying the change may or may not be in
// the log; once the quorum is back, sending it again as told leaves one
// point, and every replica holds the same record.
func TestQuorumLostAfterCatchUp(t *testing.T) {
	c := etcdcluster.ForTest(t, 3)
	// The writer talks to the member that stays up: its transaction
	// reaches a member without a quorum, not a closed connection.
	one, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints[:1], DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { one.Close() })
	const timeout = 2 * time.Second
	ctx := t.Context()
	b, m := openWritten(t, one, "jalon/q2/", timeout)
	at := m.Time
	stopped := false
	etcdstore.BeforeAppend(b, func() {
		if !stopped {
			stopped = true
			c.StopMember(1)
			c.StopMember(2)
		}
	})
	unsure := m
	unsure.Time = at.AddDate(0, 1, 0)
	_, err = b.Write(ctx, []indicators.Measurement{unsure}, "w")
	t.Logf("refused: %v", err)
	if !errors.Is(err, etcdstore.ErrNoAnswer) {
		t.Fatalf("Write whose transaction met a lost quorum = %v; want ErrNoAnswer", err)
	}
	for _, want := range []string{"no quorum among its members?",
		"the change may or may not have been recorded: once etcd answers, read it back before sending it again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}

	res := quorumBack(t, c, b, unsure)
	recorded := map[bool]string{true: "had been recorded after all", false: "had not been recorded"}[res.Unchanged == 1]
	t.Logf("sent again: %+v: the first try %s", res, recorded)
	times := pointTimes(t, b, "x")
	if len(times) != 2 || !times[0].Equal(at) || !times[1].Equal(unsure.Time) {
		t.Errorf("points at %v; want %v and %v once each", times, at, unsure.Time)
	}
	other, err := etcdstore.Open(ctx, etcdstore.Options{Client: c.Client(t), Prefix: "jalon/q2/", Dir: t.TempDir(), Timeout: timeout, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	same(t, "the writer and a replica opened afterwards", b, other)
}
