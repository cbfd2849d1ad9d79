package main

import (
	"flag"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jalonhq/jalon/internal/api"
)

// webLimits bound what HTTP clients can make jalond hold: connections,
// goroutines waiting on slow or idle clients, and push memory. Zero values
// mean defaults.
type webLimits struct {
	maxConnections    int
	readHeaderTimeout time.Duration
	idleTimeout       time.Duration
	pushMemory        byteSize
}

// Defaults of the web limits. Two minutes of idleness outlast Prometheus'
// default one-minute scrape interval, so a scraper keeps its connection.
const (
	defaultMaxConnections    = 512
	defaultReadHeaderTimeout = 10 * time.Second
	defaultIdleTimeout       = 2 * time.Minute
)

func (l *webLimits) register(fs *flag.FlagSet) {
	fs.IntVar(&l.maxConnections, "web.max-connections", defaultMaxConnections,
		"Maximum number of simultaneous connections; further ones wait to be accepted. 0 means no limit.")
	fs.DurationVar(&l.readHeaderTimeout, "web.read-header-timeout", defaultReadHeaderTimeout,
		"Time a client has to send a request's headers before its connection is closed.")
	fs.DurationVar(&l.idleTimeout, "web.idle-timeout", defaultIdleTimeout,
		"Time an idle keep-alive connection stays open.")
	l.pushMemory = api.DefaultPushMemory
	fs.Var(&l.pushMemory, "web.max-push-memory",
		"Memory that pushes being read, decoded and checked may hold at once (6 bytes a body byte); "+
			"a push that finds no room within 2s is refused with 503 and Retry-After. Units: B, KiB, MiB, GiB.")
}

func (l *webLimits) check() error {
	switch {
	case l.maxConnections < 0:
		return fmt.Errorf("--web.max-connections=%d: want 0 (no limit) or more", l.maxConnections)
	case l.readHeaderTimeout <= 0:
		return fmt.Errorf("--web.read-header-timeout=%s: want a positive duration such as 10s", l.readHeaderTimeout)
	case l.idleTimeout <= 0:
		return fmt.Errorf("--web.idle-timeout=%s: want a positive duration such as 2m", l.idleTimeout)
	case l.pushMemory < 1<<20:
		return fmt.Errorf("--web.max-push-memory=%s: want at least 1MiB", l.pushMemory)
	}
	return nil
}

// byteSize is a flag of bytes with an optional binary unit: 256MiB.
type byteSize int64

var byteUnits = []struct {
	suffix string
	size   int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

func (b *byteSize) Set(s string) error {
	num, mult := s, int64(1)
	for _, u := range byteUnits {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = n, u.size
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return fmt.Errorf("%q: want a number of bytes with an optional unit B, KiB, MiB or GiB, such as 256MiB", s)
	}
	*b = byteSize(n * mult)
	return nil
}

func (b byteSize) String() string {
	for _, u := range byteUnits {
		if b != 0 && int64(b)%u.size == 0 {
			return strconv.FormatInt(int64(b)/u.size, 10) + u.suffix
		}
	}
	return "0B"
}

// limitListener accepts at most a number of connections at once, as
// Prometheus' --web.max-connections does with golang.org/x/net/netutil:
// further connections wait in the kernel's backlog until one closes.
type limitListener struct {
	net.Listener
	slots chan struct{}
	done  chan struct{}
	once  sync.Once
}

func newLimitListener(ln net.Listener, n int) net.Listener {
	if n <= 0 {
		return ln
	}
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, free: func() { <-l.slots }}, nil
}

// Close also wakes an Accept waiting for a slot, so that a stop does not
// wait for a client to hang up.
func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn gives its slot back once, at its first Close.
type limitConn struct {
	net.Conn
	once sync.Once
	free func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.free)
	return err
}
