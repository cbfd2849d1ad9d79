// Package etcdcluster starts a real etcd cluster of embedded members on
// loopback for tests: the etcd backend's conformance suite runs against a
// quorum, not a fake. It is imported by tests only, so that etcd's server
// never reaches the daemon's binary.
package etcdcluster

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// Cluster is a running cluster of embedded etcd members.
type Cluster struct {
	members []*embed.Etcd
	// Endpoints are the members' client URLs.
	Endpoints []string
}

// Start starts n members with their data under dir and waits, at most
// timeout, until each has joined the cluster and can serve. Ports are
// taken free on 127.0.0.1.
func Start(dir string, n int, timeout time.Duration) (*Cluster, error) {
	cfgs, err := configs(dir, n)
	if err != nil {
		return nil, err
	}
	c := &Cluster{}
	// Members start together: each waits for a quorum before it is ready.
	for _, cfg := range cfgs {
		e, err := embed.StartEtcd(cfg)
		if err != nil {
			c.Stop()
			return nil, fmt.Errorf("start etcd member %s: %w", cfg.Name, err)
		}
		c.members = append(c.members, e)
		c.Endpoints = append(c.Endpoints, cfg.AdvertiseClientUrls[0].String())
	}
	deadline := time.After(timeout)
	for _, e := range c.members {
		select {
		case <-e.Server.ReadyNotify():
		case err := <-e.Err():
			c.Stop()
			return nil, fmt.Errorf("etcd member failed while starting: %w", err)
		case <-deadline:
			c.Stop()
			return nil, fmt.Errorf("etcd cluster of %d members not ready within %s", n, timeout)
		}
	}
	return c, nil
}

// Stop stops every member.
func (c *Cluster) Stop() {
	for _, e := range c.members {
		e.Close()
	}
	c.members = nil
}

func configs(dir string, n int) ([]*embed.Config, error) {
	ports, err := freePorts(2 * n)
	if err != nil {
		return nil, err
	}
	var cfgs []*embed.Config
	var initial []string
	for i := range n {
		cfg := embed.NewConfig()
		cfg.Name = fmt.Sprintf("m%d", i)
		cfg.Dir = filepath.Join(dir, cfg.Name)
		cfg.LogLevel = "error"
		peer := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", ports[2*i])}
		client := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", ports[2*i+1])}
		cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peer}, []url.URL{peer}
		cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{client}, []url.URL{client}
		cfg.InitialClusterToken = "jalon-test"
		cfg.ClusterState = embed.ClusterStateFlagNew
		initial = append(initial, cfg.Name+"="+peer.String())
		cfgs = append(cfgs, cfg)
	}
	for _, cfg := range cfgs {
		cfg.InitialCluster = strings.Join(initial, ",")
	}
	return cfgs, nil
}

// freePorts asks the kernel for n ports free now. Another process may take
// one before the member binds it; the member then fails to start and says so.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
