package etcdstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// A leader's writes carry its term; once its lease is revoked and another
// replica won the election, the deposed leader's state and measurement
// writes are refused with ErrDeposed and leave the log as it was, while
// the new leader's fenced writes and anyone's unfenced writes go in.
func TestFencedWritesOfADeposedLeaderAreRefused(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	old, next := open(t, cli, prefix, fixedClock), open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { old.Close(); next.Close() })

	campaign := func() (*concurrency.Session, etcdstore.Fence) {
		s, e := etcdcluster.Campaign(t, cli, prefix, "replica")
		return s, etcdstore.Fence{Key: e.Key(), Rev: e.Rev()}
	}
	s1, f1 := campaign()
	oldF, err := old.Fenced(f1)
	if err != nil {
		t.Fatal(err)
	}
	if err := oldF.PutState(store.StateCollectors, "p", []byte("term 1")); err != nil {
		t.Fatalf("the leader's fenced PutState = %v", err)
	}
	if _, err := oldF.Write(t.Context(), batch(2, 1), "puller:p"); err != nil {
		t.Fatalf("the leader's fenced Write = %v", err)
	}

	// The old leader's lease ends (as when it is paused past its TTL);
	// the next replica wins.
	if _, err := cli.Revoke(context.Background(), s1.Lease()); err != nil {
		t.Fatal(err)
	}
	s2, f2 := campaign()
	defer s2.Close()
	if err := next.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	entries := next.Entries()

	err = oldF.PutState(store.StateCollectors, "p", []byte("stale"))
	if !errors.Is(err, etcdstore.ErrDeposed) {
		t.Errorf("the deposed leader's PutState = %v, want ErrDeposed", err)
	}
	_, err = oldF.Write(t.Context(), batch(2, 9), "puller:p")
	if !errors.Is(err, etcdstore.ErrDeposed) {
		t.Errorf("the deposed leader's Write = %v, want ErrDeposed", err)
	}
	// A puller's batch reaches Write through the ingest pipeline with the
	// term's context: the fence rides in it.
	_, err = old.Write(etcdstore.WithFence(t.Context(), f1), batch(2, 9), "puller:p")
	if !errors.Is(err, etcdstore.ErrDeposed) {
		t.Errorf("the deposed leader's Write with the term's context = %v, want ErrDeposed", err)
	}
	err = oldF.UpdateState([]store.StateChange{{Bucket: store.StateOutbox, Key: "am 0000000000000001", Delete: true}})
	if !errors.Is(err, etcdstore.ErrDeposed) {
		t.Errorf("the deposed leader's UpdateState = %v, want ErrDeposed", err)
	}
	if err := next.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if v, err := next.GetState(store.StateCollectors, "p"); err != nil || string(v) != "term 1" {
		t.Errorf("state after the refused writes = %q, %v; want the first term's", v, err)
	}
	if err := next.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := next.Entries(); got != entries {
		t.Errorf("the log went from %d to %d entries with every write refused", entries, got)
	}

	nextF, err := next.Fenced(f2)
	if err != nil {
		t.Fatal(err)
	}
	if err := nextF.PutState(store.StateCollectors, "p", []byte("term 2")); err != nil {
		t.Errorf("the new leader's fenced PutState = %v", err)
	}
	if err := old.PutState(store.StateAlerts, "x", []byte("unfenced")); err != nil {
		t.Errorf("an unfenced PutState on the old leader = %v, want it accepted (not the leader's state)", err)
	}
	if err := old.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if v, err := old.GetState(store.StateCollectors, "p"); err != nil || string(v) != "term 2" {
		t.Errorf("the old leader reads %q, %v; want the new leader's", v, err)
	}
	if _, err := old.Fenced(etcdstore.Fence{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Fenced(zero) = %v, want ErrInvalid", err)
	}
}

// A fenced leader losing the race for a log sequence to another replica's
// write is not deposed: it catches up and appends at the next sequence.
func TestFencedWritesRaceUnfencedOnes(t *testing.T) {
	cli := client(t)
	prefix := newPrefix()
	a, b := open(t, cli, prefix, fixedClock), open(t, cli, prefix, fixedClock)
	t.Cleanup(func() { a.Close(); b.Close() })
	_, e := etcdcluster.Campaign(t, cli, prefix, "a")
	fa, err := a.Fenced(etcdstore.Fence{Key: e.Key(), Rev: e.Rev()})
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	errs := make(chan error, 2*n)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			errs <- b.PutState(store.StateAlerts, fmt.Sprintf("b%02d", i), []byte("x"))
		}
	}()
	for i := range n {
		errs <- fa.PutState(store.StateCollectors, fmt.Sprintf("a%02d", i), []byte("x"))
	}
	<-done
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("write = %v", err)
		}
	}
	if err := b.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := b.Entries(); got != 2*n {
		t.Errorf("log holds %d entries, want %d", got, 2*n)
	}
}
