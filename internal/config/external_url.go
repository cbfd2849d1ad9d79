package config

import (
	"cmp"
	"net"
	"strings"
)

// ExternalURL is the address alert links point at: set (external_url) when
// the configuration gives one, else hostname on the port jalond listens on
// (listen, a host:port address), over https when tls. A listen address with
// a host of its own names that host; hostname "" reads as localhost. It is
// the one place the default is worked out: jalond passes its listen address
// and this machine's name, and `jalonctl rules generate`, which writes a
// file meant for any machine, passes the default address and "localhost".
func ExternalURL(set, listen string, tls bool, hostname string) string {
	if set != "" {
		return strings.TrimRight(set, "/")
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		host, port, _ = net.SplitHostPort(DefaultListenAddress)
	}
	if host == "" || net.ParseIP(host).IsUnspecified() {
		host = cmp.Or(hostname, "localhost")
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}
