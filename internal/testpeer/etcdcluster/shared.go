package etcdcluster

import (
	"os"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// Shared is one cluster serving every test of a test binary: started on
// the first Client, stopped by Stop from TestMain. Starting three members
// takes seconds; tests keep apart by key prefix, as deployments sharing a
// cluster do.
type Shared struct {
	// Members is the cluster's size; zero means 3.
	Members int

	once    sync.Once
	cluster *Cluster
	dir     string
	err     error
}

// Cluster returns the running cluster, starting it on first use; a test
// run with -short is skipped.
func (s *Shared) Cluster(t testing.TB) *Cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no etcd cluster")
	}
	s.once.Do(func() {
		if s.dir, s.err = os.MkdirTemp("", "jalon-etcd-"); s.err != nil {
			return
		}
		s.cluster, s.err = Start(s.dir, max(s.Members, 3), 60*time.Second)
	})
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s.cluster
}

// Client connects to every member of the shared cluster; the test's
// cleanup closes it. Each caller gets a client of its own, so that closing
// one is one replica dying.
func (s *Shared) Client(t testing.TB) *clientv3.Client {
	t.Helper()
	return s.Cluster(t).Client(t)
}

// Stop stops the cluster, if it was started, and removes its data.
func (s *Shared) Stop() {
	if s.cluster != nil {
		s.cluster.Stop()
		os.RemoveAll(s.dir)
	}
}

// Client connects to every member; the test's cleanup closes it.
func (c *Cluster) Client(t testing.TB) *clientv3.Client {
	t.Helper()
	cli, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints, DialTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	return cli
}
