package main

import (
	"context"
	"errors"
	"testing"

	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// The pullers' and alerting's state store writes unfenced before the first
// term, fenced during it, and keeps the ended term's fence: a leader whose
// lease ran out while it was paused finds its late writes refused.
func TestTermStoreKeepsTheLastTermsFence(t *testing.T) {
	cluster := etcdcluster.ForTest(t, 1)
	cli := cluster.Client(t)
	eb, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: "jalon/term/", Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eb.Close() })
	st, ts := stateStoreOf(eb)
	if ts == nil || st != store.Backend(ts) {
		t.Fatalf("stateStoreOf(etcd backend) = %T, %v; want the term store", st, ts)
	}
	if err := ts.PutState(store.StateCollectors, "p", []byte("before")); err != nil {
		t.Fatalf("PutState before any term = %v", err)
	}
	s, e := etcdcluster.Campaign(t, cli, "jalon/term/", "me")
	f, err := eb.Fenced(etcdstore.Fence{Key: e.Key(), Rev: e.Rev()})
	if err != nil {
		t.Fatal(err)
	}
	ts.fenced.Store(f)
	if err := ts.PutState(store.StateCollectors, "p", []byte("term")); err != nil {
		t.Fatalf("PutState during the term = %v", err)
	}
	if _, err := cli.Revoke(context.Background(), s.Lease()); err != nil {
		t.Fatal(err)
	}
	if err := ts.UpdateState([]store.StateChange{{Bucket: store.StateOutbox, Key: "x", Value: []byte("late")}}); !errors.Is(err, etcdstore.ErrDeposed) {
		t.Errorf("UpdateState after the term = %v, want ErrDeposed", err)
	}
	if _, err := eb.Write(ts.fence(t.Context()), nil, "puller:p"); !errors.Is(err, etcdstore.ErrDeposed) {
		t.Errorf("a puller's Write after the term = %v, want ErrDeposed", err)
	}
	if v, err := eb.GetState(store.StateCollectors, "p"); err != nil || string(v) != "term" {
		t.Errorf("state = %q, %v; want the term's", v, err)
	}
}
