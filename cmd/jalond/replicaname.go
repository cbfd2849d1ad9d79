package main

import (
	"net"
	"os"
	"strings"
)

// replicaName is how a replica names itself in the election, hence in a
// follower's "the leader is …": first the machine's name and the port it
// listens on, unique among replicas even behind one load balancer (whose
// address every replica's external_url then gives); then, in
// parentheses, the URL it listens on when bound to a given host (where to
// reach it directly) and the external URL when configured.
func replicaName(hostname, externalURL string, addr net.Addr, tls bool) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		host, port = addr.String(), ""
	}
	if hostname == "" {
		hostname = "unnamed host"
	}
	name := net.JoinHostPort(hostname, port)
	var also []string
	if ip := net.ParseIP(host); (ip == nil || !ip.IsUnspecified()) && host != "" && host != hostname {
		scheme := "http"
		if tls {
			scheme = "https"
		}
		also = append(also, scheme+"://"+net.JoinHostPort(host, port)+"/")
	}
	if externalURL != "" {
		also = append(also, "external URL "+externalURL)
	}
	if len(also) > 0 {
		name += " (" + strings.Join(also, "; ") + ")"
	}
	return name
}

// hostname is the machine's name, "" when the system will not say.
func hostname() string {
	h, _ := os.Hostname()
	return h
}
