package etcdcluster

import (
	"testing"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// Campaign makes name the leader of the election under prefix+"leader",
// as a jalond replica campaigns (internal/leader), on a session of its own
// with a 5 s lease. A test deposes it by closing or revoking the session;
// t's cleanup closes it otherwise. The election's Key and Rev make the
// leader's fence.
func Campaign(t testing.TB, cli *clientv3.Client, prefix, name string) (*concurrency.Session, *concurrency.Election) {
	t.Helper()
	s, err := concurrency.NewSession(cli, concurrency.WithTTL(5))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e := concurrency.NewElection(s, prefix+"leader")
	if err := e.Campaign(t.Context(), name); err != nil {
		t.Fatal(err)
	}
	return s, e
}
