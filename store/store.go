// Package store owns Jalon's persistent state in one bbolt file: the catalog
// as stored with its revisions, the measured series and their points, the
// audit log, and state kept for alerting, the notification outbox and the
// collectors. It is the only package that imports bbolt. Buckets and keys are
// described in layout.go.
//
// The contract, common to every method:
//
//   - Concurrency: a *Store is safe for concurrent use.
//   - Ownership: the store keeps no slice its caller passed in, and every
//     value it returns is a copy the caller owns; nothing refers to the
//     file's memory once a method or View callback returns.
//   - Durability: a write method returns nil only once its transaction is
//     committed and fsynced (unless Options.NoSync). A write that returns an
//     error wrote nothing, unless the error came from the disk during the
//     commit itself, when the file holds either the whole write or none of it.
//   - Ordering: writes are committed one transaction at a time; each
//     Write's measurements are applied in slice order, and concurrent
//     Writes in the order they reached the queue. A read that starts after a
//     write returned sees it; a read never sees part of a transaction.
//   - Memory: reads walk the file; none loads all points.
//   - Shutdown: Close lets queued writes commit, then closes the file. After
//     Close, every method returns ErrClosed (Stats returns the last counts).
package store

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Sentinel errors, to be checked with errors.Is.
var (
	// ErrClosed is returned by every method called after Close, and by a
	// write queued when Close began that could not be committed.
	ErrClosed = errors.New("store closed")
	// ErrSchemaTooNew is returned by Open for a file written by a newer Jalon
	// whose layout this one does not know. The file is left untouched.
	ErrSchemaTooNew = errors.New("store schema newer than supported")
	// ErrLocked is returned by Open when another process holds the file's
	// lock for longer than Options.Timeout.
	ErrLocked = errors.New("store file locked by another process")
	// ErrInvalid is returned for an argument the store cannot record: a
	// measurement without indicator or time, a NaN or infinite value,
	// duplicate or empty label names, an unknown state bucket, an empty key.
	ErrInvalid = errors.New("invalid argument")
	// ErrNotFound is returned for an unknown series, indicator or state key.
	ErrNotFound = errors.New("not found")
)

// Options configure a Store. The zero value is valid.
type Options struct {
	// Logger receives the store's few logs; nil discards them.
	Logger *slog.Logger
	// Registerer receives the store's metrics; nil means no metrics.
	Registerer prometheus.Registerer
	// NoSync skips fsync on commit. Only for benchmarks that measure the
	// rest of the stack: a crash may lose acknowledged writes.
	NoSync bool
	// Timeout bounds the wait for the file lock; zero means 1 s.
	Timeout time.Duration
	// MmapSize is the initial memory map size in bytes; zero means 1 GiB.
	// While the file fits in it, long reads (backup, evaluation) never make
	// a commit wait for a remap.
	MmapSize int
	// Now is the wall clock stamped on audit entries and revisions; nil
	// means time.Now.
	Now func() time.Time
	// RecentPoints is how many of each series' last points the recent index
	// keeps (Reader.Recent); zero means DefaultRecentPoints.
	RecentPoints int
}

// Store is an open store file. See the package comment for the contract.
type Store struct {
	path    string
	db      *bbolt.DB
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics
	recentN int

	series atomic.Uint64 // committed series count
	points atomic.Uint64 // committed point count

	mu      sync.Mutex
	closed  bool
	pending []*writeReq   // guarded by mu
	wake    chan struct{} // capacity 1: pending is not empty
	stop    chan struct{} // closed by Close
	done    chan struct{} // closed when the writer has drained and exited
}

// Open opens or creates the store file at path, creating missing buckets and
// upgrading an older layout. Its cost does not depend on the number of
// points: it reads the counters kept in meta. The caller must Close it.
func Open(path string, opts Options) (*Store, error) {
	start := time.Now()
	opts = opts.withDefaults()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{
		Timeout:         opts.Timeout,
		NoSync:          opts.NoSync,
		InitialMmapSize: opts.MmapSize,
		FreelistType:    bbolt.FreelistMapType,
		NoStatistics:    true,
		// NoFreelistSync stays false: with it, Open would walk every page
		// to rebuild the freelist, and its time would grow with the data.
	})
	if errors.Is(err, berrors.ErrTimeout) {
		err = ErrLocked
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{path: path, db: db, log: opts.Logger, now: opts.Now, recentN: opts.RecentPoints,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	from, err := s.migrate()
	if err == nil {
		s.metrics, err = newMetrics(s, opts.Registerer)
	}
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	switch from {
	case 0:
		s.log.Info("store created", "component", "store", "path", path, "schema", schemaVersion)
	case schemaVersion:
	default:
		s.log.Info("store schema upgraded", "component", "store", "from", from, "to", schemaVersion)
	}
	go s.writer()
	s.log.Info("store opened", "component", "store", "path", path,
		"series", s.series.Load(), "points", s.points.Load(), "duration", time.Since(start))
	return s, nil
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Timeout == 0 {
		o.Timeout = time.Second
	}
	if o.MmapSize == 0 {
		o.MmapSize = 1 << 30
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RecentPoints <= 0 {
		o.RecentPoints = DefaultRecentPoints
	}
	return o
}

// Close stops accepting writes (they fail with ErrClosed), waits until every
// write already queued is committed or has failed, then closes the file,
// waiting for running reads to end. A second Close returns ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	s.mu.Unlock()
	close(s.stop)
	<-s.done
	s.metrics.unregister()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	s.log.Info("store closed", "component", "store", "path", s.path)
	return nil
}

// Stats are the store's counts, kept without scanning.
type Stats struct {
	Series, Points uint64
}

// Stats returns the counts as of the last commit.
func (s *Store) Stats() Stats {
	return Stats{Series: s.series.Load(), Points: s.points.Load()}
}

// migrate brings the file to schemaVersion and loads the counters. It
// returns the version the file had. A file already current costs one read
// transaction, no commit.
func (s *Store) migrate() (from uint64, err error) {
	err = s.db.View(func(tx *bbolt.Tx) error {
		from = s.load(tx)
		return nil
	})
	if err != nil || from == schemaVersion {
		return from, err
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		if from = s.load(tx); from > schemaVersion {
			return fmt.Errorf("schema %d, supported %d: %w", from, schemaVersion, ErrSchemaTooNew)
		}
		for v := from; v < schemaVersion; v++ {
			if err := upgrade(tx, v, s.recentN); err != nil {
				return fmt.Errorf("upgrade schema %d: %w", v, err)
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, putUint64(nil, schemaVersion))
	})
	return from, err
}

// load returns the file's schema version, 0 for an empty file, and loads
// the counters.
func (s *Store) load(tx *bbolt.Tx) (schema uint64) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0
	}
	s.series.Store(getUint64(meta.Get(keySeriesCount)))
	s.points.Store(getUint64(meta.Get(keyPointCount)))
	return getUint64(meta.Get(keySchema))
}

// upgrade moves the layout from version v to v+1.
func upgrade(tx *bbolt.Tx, v uint64, recentN int) error {
	switch v {
	case 0: // an empty file
		for _, name := range rootBuckets() {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		series := tx.Bucket(bucketSeries)
		for _, name := range [][]byte{bucketSeriesIDs, bucketSeriesKeys} {
			if _, err := series.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket series/%s: %w", name, err)
			}
		}
		return nil
	case 1: // schema 2 adds the recent index
		if _, err := tx.CreateBucketIfNotExists(bucketRecent); err != nil {
			return fmt.Errorf("create bucket %s: %w", bucketRecent, err)
		}
		return rebuildRecent(tx, recentN)
	case 2: // schema 3 adds the arrival of each point's values
		return buildVersions(tx)
	}
	return fmt.Errorf("no upgrade from schema %d", v)
}

// dbErr maps bbolt's closed-database error to ErrClosed.
func dbErr(err error) error {
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return ErrClosed
	}
	return err
}
