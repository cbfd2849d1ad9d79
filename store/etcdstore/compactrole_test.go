package etcdstore_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// TestCheckpointUnderPrefixRole: under the role docs/operations.md
// recommends (read and write on the prefix, nothing else), etcd refuses
// the compaction of its history. A checkpoint then does all the rest,
// says the compaction was left to the members, and logs that once, not
// once per checkpoint.
func TestCheckpointUnderPrefixRole(t *testing.T) {
	// A cluster of its own: auth enabled on the package's would lock out
	// every other test.
	c := etcdcluster.ForTest(t, 1)
	root, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	ctx := t.Context()
	const prefix = "jalon/prod/"
	steps := []func() error{
		func() error { _, err := root.UserAdd(ctx, "root", "rootpw"); return err },
		func() error { _, err := root.UserGrantRole(ctx, "root", "root"); return err },
		func() error { _, err := root.RoleAdd(ctx, "jalon"); return err },
		func() error {
			_, err := root.RoleGrantPermission(ctx, "jalon", prefix, clientv3.GetPrefixRangeEnd(prefix), clientv3.PermissionType(clientv3.PermReadWrite))
			return err
		},
		func() error { _, err := root.UserAdd(ctx, "jalon", "jalonpw"); return err },
		func() error { _, err := root.UserGrantRole(ctx, "jalon", "jalon"); return err },
		func() error { _, err := root.AuthEnable(ctx); return err },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("auth step %d: %v", i+1, err)
		}
	}
	cli, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints, DialTimeout: 5 * time.Second, Username: "jalon", Password: "jalonpw"})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	b, err := etcdstore.Open(ctx, etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("Open under the prefix role = %v", err)
	}
	defer b.Close()
	write := func(round int) {
		t.Helper()
		var ms []indicators.Measurement
		for i := range 10 {
			ms = append(ms, indicators.Measurement{Indicator: "x", Labels: indicators.Labels{{Name: "n", Value: fmt.Sprint(i)}},
				Time: time.Date(2026, 1, 1+round, 0, 0, 0, 0, time.UTC), Value: float64(round), Source: "s"})
		}
		if _, err := b.Write(ctx, ms, "w"); err != nil {
			t.Fatalf("Write = %v", err)
		}
	}
	write(0)
	first, err := b.Checkpoint(ctx)
	if err != nil || !first.CompactionLeft || first.Compacted != 0 || first.SnapshotBytes == 0 {
		t.Fatalf("first Checkpoint = %+v, %v; want a snapshot written, no error, the compaction left to etcd", first, err)
	}
	write(1)
	second, err := b.Checkpoint(ctx)
	if err != nil || !second.CompactionLeft || second.CutEntries != 1 || second.SnapshotBytes == 0 {
		t.Fatalf("second Checkpoint = %+v, %v; want the first entry cut, a snapshot, the compaction left to etcd", second, err)
	}

	// RunCheckpoints says it once in its log, however many checkpoints.
	var logs bytes.Buffer // read once RunCheckpoints has returned
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	runCtx, stop := context.WithTimeout(ctx, 600*time.Millisecond)
	defer stop()
	b.RunCheckpoints(runCtx, 50*time.Millisecond, logger)
	out := logs.String()
	if n := strings.Count(out, "left to the members' --auto-compaction-retention"); n != 1 {
		t.Errorf("the refused compaction told %d times in the log, want once:\n%s", n, out)
	}
	if n := strings.Count(out, "etcd checkpoint failed"); n != 0 || strings.Count(out, `msg="etcd checkpoint"`) < 3 {
		t.Errorf("want 3 or more checkpoints in 600ms every 50ms, none failed; the log:\n%s", out)
	}
}
