// Package etcdstore is a store.Backend whose record lives in etcd, so that
// several jalond replicas share one consistent record acknowledged by a
// quorum. Every change (a write, a deletion, a catalog revision, a state
// change) is an entry of one ordered log in etcd, appended with a
// compare-and-put on its sequence number; each replica applies the log, in
// order, to a local bbolt copy (a store.Store it may rebuild at any time)
// and reads from it. docs/architecture.md, "The etcd backend", gives the
// key layout and why.
package etcdstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/store"
)

// Options say where the record is and where the local copy goes.
type Options struct {
	// Client is connected to the etcd cluster; the caller closes it after
	// the Backend.
	Client *clientv3.Client
	// Prefix starts every key, so that several deployments share a
	// cluster: "jalon/prod/" and "jalon/test/" never meet.
	Prefix string
	// Dir holds the local copy, rebuilt from etcd at each Open.
	Dir string
	// Now stamps the entries this replica appends; nil means time.Now.
	Now func() time.Time
	// Logger receives the local copy's few logs; nil discards them.
	Logger *slog.Logger
	// Registerer receives the local copy's metrics (the bbolt store's, the
	// same names); nil means none.
	Registerer prometheus.Registerer
	// Timeout bounds each exchange with etcd; zero means 10 s.
	Timeout time.Duration
	// OnApply, if set, is told of each entry applied to the local copy
	// after Open, in log order, from a goroutine of the Backend's own: see
	// Change. Other replicas' entries are how this one's caches learn of
	// their writes.
	OnApply func(Change)
	// Probe is how often the watch on the log is checked (InSync says a
	// copy is out of sync after three probes without word from etcd);
	// zero means 1 s.
	Probe time.Duration
	// HighWater is the fraction of etcd's quota past which writes are
	// refused (quota.go); zero means 0.9. Quota, when set, replaces the
	// quota the members report (etcd before 3.6 reports none).
	HighWater float64
	Quota     int64
}

// Backend is the etcd backend. Its methods are safe for concurrent use.
type Backend struct {
	cli     *clientv3.Client
	keys    keys
	now     func() time.Time
	timeout time.Duration
	local   *store.Store

	// mu serializes catching up and appending: the local copy applies
	// entries one at a time, in log order.
	mu      sync.Mutex
	applied uint64 // the last entry applied to local
	broken  error  // set when local failed to apply an entry: it diverged
	closed  atomic.Bool
	// stamp is the time of the entry being applied: the local copy's
	// clock, so that every replica stamps audit entries alike.
	stamp atomic.Pointer[time.Time]
	// f keeps the local copy current between writes (follow.go).
	f follower
	// size is the snapshot, checkpoint and quota state (quota.go).
	size sizeState
	// group queues the changes that share the next entry (group.go).
	group grouper
	// beforeTxn, set by tests only, runs between an append's catch-up
	// and its transaction: where a lost quorum or another replica's
	// checkpoint can fall.
	beforeTxn func()
}

var _ store.Backend = (*Backend)(nil)

// Open rebuilds the local copy under opts.Dir from the log under
// opts.Prefix (empty for a new deployment) and returns the backend.
func Open(ctx context.Context, opts Options) (*Backend, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	b := &Backend{cli: opts.Client, keys: newKeys(opts.Prefix), now: opts.Now, timeout: opts.Timeout}
	if b.now == nil {
		b.now = time.Now
	}
	if b.timeout == 0 {
		b.timeout = 10 * time.Second
	}
	zero := time.Time{}
	b.stamp.Store(&zero)
	localOpts := store.Options{Now: b.stampNow, NoSync: true, Logger: opts.Logger, Registerer: opts.Registerer}
	local, err := openLocal(opts.Dir, localOpts)
	if err != nil {
		return nil, err
	}
	b.local = local
	b.size.shared.Store(local)
	b.initSize(opts, localOpts, localPath(opts.Dir))
	b.initGroup(opts.Registerer) // group.go
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.catchUpNow(ctx); err != nil {
		_ = b.local.Close() // local, or the snapshot that replaced it
		b.size.unregister()
		return nil, err
	}
	if err := b.startFollowing(opts); err != nil {
		_ = b.local.Close()
		b.size.unregister()
		return nil, err
	}
	return b, nil
}

func (o Options) check() error {
	switch {
	case o.Client == nil:
		return fmt.Errorf("etcdstore: no etcd client: %w", store.ErrInvalid)
	case strings.TrimSpace(o.Prefix) == "":
		return fmt.Errorf("etcdstore: empty key prefix: name one per deployment, e.g. \"jalon/prod/\": %w", store.ErrInvalid)
	case o.Dir == "":
		return fmt.Errorf("etcdstore: no directory for the local copy: %w", store.ErrInvalid)
	}
	return nil
}

// openLocal starts an empty local copy. It skips fsync: what it holds is
// in etcd already, and it is rebuilt from there at every Open.
func openLocal(dir string, opts store.Options) (*store.Store, error) {
	dir = filepath.Join(dir, "etcd-replica")
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("etcdstore: clear the local copy: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("etcdstore: create the local copy's directory: %w", err)
	}
	s, err := store.Open(filepath.Join(dir, "replica.db"), opts) // localPath
	if err != nil {
		return nil, fmt.Errorf("etcdstore: open the local copy: %w", err)
	}
	return s, nil
}

func localPath(dir string) string { return filepath.Join(dir, "etcd-replica", "replica.db") }

// Entries returns the sequence of the last entry applied to the local
// copy: zero right after Open means a new deployment.
func (b *Backend) Entries() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.applied
}

func (b *Backend) stampNow() time.Time { return *b.stamp.Load() }

// Close stops following the log and releases the local copy; the etcd
// client stays open (its opener's). Everything acknowledged is in etcd
// already.
func (b *Backend) Close() error {
	b.stopFollowing()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed.Swap(true) {
		return store.ErrClosed
	}
	b.size.unregister()
	return b.local.Close()
}

// Stats returns the local copy's counts, as of the last entry applied.
func (b *Backend) Stats() store.Stats {
	return b.copy().Stats()
}

// sync brings the local copy up to the log's last committed entry, so that
// a read starting now sees every acknowledged write of every replica.
func (b *Backend) sync() error {
	if b.closed.Load() {
		return store.ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed.Load() {
		return store.ErrClosed
	}
	if b.broken != nil {
		return b.broken
	}
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	return b.catchUpNow(ctx)
}

// deterministic reports whether err is an outcome every replica reaches
// applying the same entry (a refused argument), rather than a local failure.
func deterministic(err error) bool {
	return err == nil || errors.Is(err, store.ErrInvalid) || errors.Is(err, store.ErrNotFound)
}
