package etcdcluster

import (
	"fmt"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// StopMember stops member i, as a crash of its machine would: its clients'
// connections drop, the others keep a quorum if enough remain. It stays in
// the cluster's membership; RestartMember brings it back.
func (c *Cluster) StopMember(i int) {
	c.members[i].Close()
}

// RestartMember starts member i again on its data directory and ports, and
// waits, at most timeout, until it serves.
func (c *Cluster) RestartMember(i int, timeout time.Duration) error {
	cfg := c.members[i].Config()
	// Its data directory holds the membership now: it rejoins, it does not
	// found a cluster.
	cfg.ClusterState = embed.ClusterStateFlagExisting
	e, err := embed.StartEtcd(&cfg)
	if err != nil {
		return fmt.Errorf("restart etcd member %s: %w", cfg.Name, err)
	}
	c.members[i] = e
	select {
	case <-e.Server.ReadyNotify():
		return nil
	case err := <-e.Err():
		return fmt.Errorf("etcd member %s failed while restarting: %w", cfg.Name, err)
	case <-time.After(timeout):
		return fmt.Errorf("etcd member %s not ready within %s of its restart", cfg.Name, timeout)
	}
}
