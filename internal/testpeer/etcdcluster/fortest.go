package etcdcluster

import (
	"testing"
	"time"
)

// ForTest starts a cluster of n members for t alone, under t's temporary
// directory, and stops it at t's end; under -short, t is skipped. A test
// takes a cluster of its own to stop or cut members without disturbing
// the others, which share one (Shared).
func ForTest(t testing.TB, n int) *Cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: starts an etcd cluster")
	}
	c, err := Start(t.TempDir(), n, 60*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	return c
}
