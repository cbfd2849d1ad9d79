package main

import (
	"net"
	"net/http"
	"sync"
)

// unusedConns tracks the connections on which no request has started. At a
// stop, net/http's Shutdown waits five seconds before it counts them as idle
// (Go issue 22682), and Go's HTTP client leaves such connections behind
// whenever a request it dialed for was served on another one: under load, a
// graceful stop would take five seconds for nothing. A request whose headers
// arrive once Shutdown has begun is dropped unanswered anyway, so closing
// these connections loses nothing.
type unusedConns struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func newUnusedConns() *unusedConns {
	return &unusedConns{conns: map[net.Conn]struct{}{}}
}

// track is the server's ConnState hook.
func (u *unusedConns) track(c net.Conn, s http.ConnState) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if s == http.StateNew {
		u.conns[c] = struct{}{}
	} else {
		delete(u.conns, c)
	}
}

// close closes the connections still unused.
func (u *unusedConns) close() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for c := range u.conns {
		c.Close()
		delete(u.conns, c)
	}
}
