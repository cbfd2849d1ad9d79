package etcdstore_test

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/internal/testpeer/etcdcluster"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
	"github.com/jalonhq/jalon/store/storetest"
)

// One 3-member cluster serves every test of the package; each backend has
// a prefix of its own, as deployments sharing a cluster do.
var (
	cluster  etcdcluster.Shared
	prefixes atomic.Int64
)

func TestMain(m *testing.M) {
	code := m.Run()
	cluster.Stop()
	os.Exit(code)
}

// client returns a client of the package's cluster, started on first use.
func client(t testing.TB) *clientv3.Client {
	t.Helper()
	return cluster.Client(t)
}

func newPrefix() string { return fmt.Sprintf("jalon/test%d/", prefixes.Add(1)) }

func open(t testing.TB, cli *clientv3.Client, prefix string, now func() time.Time) *etcdstore.Backend {
	t.Helper()
	b, err := etcdstore.Open(t.Context(), etcdstore.Options{Client: cli, Prefix: prefix, Dir: t.TempDir(), Now: now})
	if err != nil {
		t.Fatalf("Open(%s) = %v", prefix, err)
	}
	return b
}

// TestConformance runs the backend suite on a real 3-member cluster.
// Reopen opens the same prefix with a new local copy; Restore replays a
// backup into a new prefix.
func TestConformance(t *testing.T) {
	cli := client(t)
	var mu sync.Mutex
	prefixOf := map[store.Backend]string{}
	openNew := func(t *testing.T, prefix string, now func() time.Time) store.Backend {
		b := open(t, cli, prefix, now)
		mu.Lock()
		prefixOf[b] = prefix
		mu.Unlock()
		return b
	}
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Backend {
		return openNew(t, newPrefix(), now)
	}, storetest.Options{
		Reopen: func(t *testing.T, b store.Backend, now func() time.Time) store.Backend {
			if err := b.Close(); err != nil {
				t.Fatalf("Close = %v", err)
			}
			mu.Lock()
			prefix := prefixOf[b]
			mu.Unlock()
			return openNew(t, prefix, now)
		},
		Restore: func(t *testing.T, backup []byte) store.Backend {
			b, err := etcdstore.Restore(t.Context(), etcdstore.Options{Client: cli, Prefix: newPrefix(), Dir: t.TempDir()}, bytes.NewReader(backup))
			if err != nil {
				t.Fatalf("Restore = %v", err)
			}
			return b
		},
	})
}
