package main

import (
	"net"
	"testing"
)

// TestReplicaName: replicas behind one load balancer share external_url,
// so their names must differ by what does not: the machine and the port.
func TestReplicaName(t *testing.T) {
	tcp := func(s string) net.Addr {
		a, err := net.ResolveTCPAddr("tcp", s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	const lb = "https://jalon.example.org/"
	for _, c := range []struct {
		host, external, addr string
		tls                  bool
		want                 string
	}{
		{"jalon-1", "", "0.0.0.0:9721", false, "jalon-1:9721"},
		{"jalon-1", "", "[::]:9721", false, "jalon-1:9721"},
		{"jalon-1", "", "127.0.0.1:9721", false, "jalon-1:9721 (http://127.0.0.1:9721/)"},
		{"jalon-1", "", "10.0.0.5:9722", true, "jalon-1:9722 (https://10.0.0.5:9722/)"},
		{"jalon-1", lb, "0.0.0.0:9721", true, "jalon-1:9721 (external URL " + lb + ")"},
		{"jalon-2", lb, "10.0.0.6:9721", true, "jalon-2:9721 (https://10.0.0.6:9721/; external URL " + lb + ")"},
		{"", "", "0.0.0.0:9721", false, "unnamed host:9721"},
	} {
		if got := replicaName(c.host, c.external, tcp(c.addr), c.tls); got != c.want {
			t.Errorf("replicaName(%q, %q, %s, tls %v) = %q, want %q", c.host, c.external, c.addr, c.tls, got, c.want)
		}
	}
	a := replicaName("jalon-1", lb, tcp("0.0.0.0:9721"), true)
	b := replicaName("jalon-2", lb, tcp("0.0.0.0:9721"), true)
	if a == b {
		t.Errorf("two replicas behind %s are both named %q", lb, a)
	}
}
