// Package store owns Jalon's persistent state in one bbolt file: the catalog
// as stored with its revisions, the measured series and their points, the
// audit log, and state kept for alerting, the notification outbox and the
// collectors. It is the only package that imports bbolt. Buckets and keys are
// described in layout.go. Backend (backend.go) is the contract any store
// backend meets, *Store the bbolt one; store/storetest checks it.
//
// The contract, common to every method:
//
//   - Concurrency: a *Store is safe for concurrent use.
//   - Ownership: the store keeps no slice its caller passed in, and every
//     value it returns is a copy the caller owns; nothing refers to the
//     file's memory once a method or View callback returns.
//   - Durability: Write returns nil only once its measurements are in the
//     write-ahead log and the log is fsynced (wal.go); they reach the bbolt
//     file shortly after (apply.go), and a crash before that is repaired by
//     the next Open. The other write methods return once their bbolt
//     transaction is committed and fsynced. (Options.NoSync skips every
//     fsync.) A write that returns an error wrote nothing, unless the error
//     came from the disk during the commit itself, when the store holds
//     either the whole write or none of it.
//   - Ordering: writes are logged one record at a time; each Write's
//     measurements are applied in slice order, and concurrent Writes in the
//     order they reached the queue. A read that starts after a write
//     returned sees it; a read never sees part of a write.
//   - Memory: reads walk the file; none loads all points.
//   - Shutdown: Close lets queued writes commit, then closes the file. After
//     Close, every method returns ErrClosed (Stats returns the last counts).
package store

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
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
	// ErrDamaged is returned by Open and Repair for a store file that cannot
	// be a store: empty, cut short, with no valid meta page, or whose pages
	// make bbolt fail. The file is left as it was.
	ErrDamaged = errors.New("store file damaged")
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

	// The writer's own: the log, the last sequence number logged, and the
	// values logged but perhaps not applied.
	wal     *wal
	seq     uint64
	overlay *overlay
	acked   atomic.Uint64 // seq, for readers: the last record acknowledged

	amu        sync.Mutex
	queue      []queuedRecord // logged, not yet applied; guarded by amu
	queued     int            // points in queue; guarded by amu
	appliedSeq uint64         // last record in the file; guarded by amu
	applyErr   error          // the last apply's failure; guarded by amu
	applied    chan struct{}  // closed and replaced after each apply; guarded by amu
	applyWake  chan struct{}  // capacity 1: queue is not empty
	applyNow   chan struct{}  // capacity 1: apply without waiting
	applyStop  chan struct{}  // closed by Close once the writer has exited
	applyDone  chan struct{}  // closed when the applier has exited

	markMu    sync.Mutex // orders changes of the log marker (logmark.go)
	marked    bool       // the file holds the marker; guarded by markMu
	markFinal bool       // Close has unmarked the log for good; guarded by markMu
}

// Open opens or creates the store file at path, creating missing buckets and
// upgrading an older layout, and applies what the write-ahead log next to it
// holds from a run that did not close. It creates a file only where there is
// neither a file nor a log segment, and refuses, changing nothing, a file
// that is empty, cut short or otherwise damaged (ErrDamaged), a damaged log,
// a missing segment, and a missing log beside a file that expects one
// (logmark.go); Repair handles the log's cases. Its cost does not depend on the
// number of points: it reads the counters kept in meta. The caller must
// Close it.
func Open(path string, opts Options) (*Store, error) {
	start := time.Now()
	opts = opts.withDefaults()
	warning, err := checkFiles(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if warning != "" {
		opts.Logger.Warn("store file meta page damaged: using the other", "component", "store", "path", path, "err", warning)
	}
	db, err := openBolt(path, opts)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{path: path, db: db, log: opts.Logger, now: opts.Now, recentN: opts.RecentPoints,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
		overlay: newOverlay(), applied: make(chan struct{}), applyWake: make(chan struct{}, 1),
		applyNow: make(chan struct{}, 1), applyStop: make(chan struct{}), applyDone: make(chan struct{})}
	var from uint64
	err = guard(func() (err error) {
		if from, err = s.migrate(); err == nil {
			err = s.openLog(opts.NoSync)
		}
		return err
	})
	if err == nil {
		s.metrics, err = newMetrics(s, opts.Registerer)
	}
	if err != nil {
		if s.wal != nil {
			_ = s.wal.close()
		}
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
	go s.applier()
	s.log.Info("store opened", "component", "store", "path", path,
		"series", s.series.Load(), "points", s.points.Load(), "duration", time.Since(start))
	return s, nil
}

// openBolt opens the bbolt file, with its panics turned into errors.
func openBolt(path string, opts Options) (db *bbolt.DB, err error) {
	err = guard(func() (err error) {
		db, err = bbolt.Open(path, 0o600, &bbolt.Options{
			Timeout:         opts.Timeout,
			NoSync:          opts.NoSync,
			InitialMmapSize: opts.MmapSize,
			FreelistType:    bbolt.FreelistMapType,
			NoStatistics:    true,
			// NoFreelistSync stays false: with it, Open would walk every
			// page to rebuild the freelist, and its time would grow with
			// the data.
		})
		return err
	})
	if errors.Is(err, berrors.ErrTimeout) {
		err = ErrLocked
	}
	return db, err
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
// write already queued is logged or has failed, applies the log to the file
// and empties it, then closes the file, waiting for running reads to end. A
// second Close returns ErrClosed.
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
	close(s.applyStop)
	<-s.applyDone
	s.metrics.unregister()
	s.amu.Lock()
	left, applyErr := len(s.queue), s.applyErr
	s.amu.Unlock()
	var logErr error
	if left == 0 && applyErr == nil {
		// Unmarked first: a crash before the segments are gone leaves
		// applied records, which the next start skips, not a marked store
		// without its log.
		if logErr = s.unmarkLog(); logErr == nil {
			logErr = s.wal.removeAll()
		} else {
			logErr = errors.Join(logErr, s.wal.close())
		}
	} else {
		s.log.Error("writes left in the write-ahead log, to be applied at the next start", "component", "store",
			"records", left, "err", applyErr)
		logErr = s.wal.close()
	}
	if err := errors.Join(logErr, s.db.Close()); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	s.log.Info("store closed", "component", "store", "path", s.path)
	return nil
}

// Stats are the store's counts, kept without scanning.
type Stats struct {
	Series, Points uint64
}

// Stats returns the counts as of the writes acknowledged so far.
func (s *Store) Stats() Stats {
	_ = s.sync() // on failure, the counts of what the file holds
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
	case 3: // schema 4 adds the write-ahead log, whose applied record is 0
		return nil
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

// openLog opens the write-ahead log, applies what the last run left in it
// and starts a new segment.
func (s *Store) openLog(noSync bool) error {
	var applied uint64
	var expected bool
	if err := s.db.View(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		applied, expected = getUint64(meta.Get(keyWALApplied)), meta.Get(keyWALOpen) != nil
		return nil
	}); err != nil {
		return err
	}
	if dir := walDir(s.path); expected && countSegments(dir) == 0 {
		return fmt.Errorf("the store was not closed cleanly, but its write-ahead log %s is missing or empty: writes acknowledged after record %d would be lost: put the log back; if the store file is a restored backup, run `jalonctl store repair %s` to accept it as it is (docs/operations.md, \"Damaged store\")",
			dir, applied, filepath.Dir(s.path))
	}
	l, recs, err := openWAL(walDir(s.path), noSync, applied, s.log)
	if err != nil {
		return err
	}
	s.wal = l
	if len(recs) > 0 {
		if recs[0].seq != applied+1 {
			return fmt.Errorf("write-ahead log %s starts at record %d, but the store file holds records up to %d: records are missing", l.dir, recs[0].seq, applied)
		}
		start := time.Now()
		points, err := s.replay(recs)
		if err != nil {
			return fmt.Errorf("replay write-ahead log: %w", err)
		}
		applied = recs[len(recs)-1].seq
		s.log.Info("write-ahead log replayed", "component", "store", "records", len(recs), "points", points,
			"duration", time.Since(start))
	}
	if err := l.removeAll(); err != nil {
		return fmt.Errorf("clear write-ahead log: %w", err)
	}
	if err := l.start(applied + 1); err != nil {
		return fmt.Errorf("start write-ahead log: %w", err)
	}
	s.seq, s.appliedSeq, s.marked = applied, applied, expected
	s.acked.Store(applied)
	return nil
}
