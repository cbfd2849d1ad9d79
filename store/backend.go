package store

import (
	"context"
	"io"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Backend is the contract a store backend meets: what the daemon relies on,
// whatever holds the data. *Store (one bbolt file behind a write-ahead log)
// is the first; a second (replicas sharing state through etcd) is a package
// that implements Backend and passes store/storetest. Its types are this
// package's own, so that no backend's types leak to the consumers, and its
// errors are this package's sentinels (ErrClosed, ErrInvalid, ErrNotFound),
// wrapped with context and checked with errors.Is.
//
// Every method keeps the guarantees of the package comment: safe for
// concurrent use; no slice kept that the caller passed in, every value
// returned a copy; a write acknowledged (returned nil) is durable and seen by
// every read that starts after it; a write either happens whole or not at
// all; after Close every method returns ErrClosed.
//
// Consumers do not take a Backend: each declares the few methods it calls
// (ingest a writer, alerting a state store, the evaluator and the reports a
// reader), so that a fake or a new backend meets only what is used.
type Backend interface {
	// Write records measurements atomically on behalf of actor and counts
	// what it did: a point with the same indicator, labels and time is the
	// same point, left alone with the same value, revised with another
	// (the audit log keeps both). An ended ctx while still queued writes
	// nothing and returns ctx's error. See Store.Write.
	Write(ctx context.Context, ms []indicators.Measurement, actor string) (WriteResult, error)
	// Delete removes whole series or single points atomically, keeping the
	// removed values for reads as of an earlier date and in the audit log.
	// An unknown target is ErrNotFound, an empty reason ErrInvalid. See
	// Store.Delete.
	Delete(ctx context.Context, targets []Target, reason, actor string) ([]Removed, error)

	// View runs fn with a Reader over one consistent snapshot taken after
	// every write acknowledged before View was called.
	View(fn func(r Reader) error) error
	// Series, SeriesOf, SeriesID, Points and LastPoints are the Reader's
	// methods, each in a View of its own.
	Series() ([]Series, error)
	SeriesOf(indicator string) ([]Series, error)
	SeriesID(indicator string, labels indicators.Labels) (uint64, error)
	Points(seriesID uint64, from, to time.Time, fn func(p indicators.Point, source string) error) error
	LastPoints(seriesID uint64, n int, buf []indicators.Point) ([]indicators.Point, error)

	// PutIndicator stores a new revision of an indicator definition unless
	// it equals the current one; Indicators returns the current revision
	// of each, Revisions every revision of one, oldest first (ErrNotFound
	// for an unknown id).
	PutIndicator(def StoredIndicator, actor, reason string) (rev int, changed bool, err error)
	Indicators() (map[string]Revision, error)
	Revisions(id string) ([]Revision, error)

	// Audit pages through the append-only audit log, oldest first, from
	// sequence from; sequences start at 1 and have no gaps.
	Audit(from uint64, limit int) ([]AuditEntry, error)

	// GetState, PutState, DeleteState, ListState and UpdateState keep
	// opaque values for other packages in the StateBucket buckets. Keys are
	// ordered bytewise; UpdateState applies its changes all or none.
	GetState(bucket StateBucket, key string) ([]byte, error)
	PutState(bucket StateBucket, key string, value []byte) error
	DeleteState(bucket StateBucket, key string) error
	ListState(bucket StateBucket, prefix string, fn func(key string, value []byte) error) error
	UpdateState(changes []StateChange) error
	// PutStateAudited puts one state value and its audit entry in one
	// transaction: both or neither.
	PutStateAudited(bucket StateBucket, key string, value []byte, e AuditEntry) error

	// Backup writes a consistent copy of the whole store to w, telling
	// size its length first when size is not nil. The copy is in the
	// backend's own format, and opening it gives a store equal to this
	// one as of the moment Backup began.
	Backup(w io.Writer, size func(int64)) (int64, error)
	// Stats returns the series and point counts, without scanning.
	Stats() Stats
	// Close lets acknowledged writes reach their final place, then
	// releases the backend. A second Close returns ErrClosed.
	Close() error
}

// Reader reads within one read transaction: it sees the store as of the
// moment View began, whatever commits meanwhile. It is valid only until the
// function given to View returns and must not be shared between goroutines.
// Everything it returns is a copy, free to keep.
type Reader interface {
	// Series lists every series in ID order (the order they were created
	// in).
	Series() ([]Series, error)
	// SeriesOf lists the series of one indicator, ordered by labels.
	SeriesOf(indicator string) ([]Series, error)
	// SeriesID returns the ID of the series of indicator with labels (in
	// any order), or ErrNotFound.
	SeriesID(indicator string, labels indicators.Labels) (uint64, error)
	// Points calls fn for each point of the series with from ≤ time < to,
	// in time order, with the point's source; a zero to means no upper
	// bound. It stops at fn's first error and returns it. An unknown
	// series is ErrNotFound.
	Points(seriesID uint64, from, to time.Time, fn func(p indicators.Point, source string) error) error
	// PointDetails is Points with what the publication said of each
	// point: the start of the period it counts, its qualifier, its page.
	PointDetails(seriesID uint64, from, to time.Time, fn func(p indicators.Point, source string, pm PointMeta) error) error
	// LastPoints returns the last n points of the series in ascending time
	// order, appended to buf[:0]. An unknown series is ErrNotFound.
	LastPoints(seriesID uint64, n int, buf []indicators.Point) ([]indicators.Point, error)
	// Recent returns the series' last points (at most Options.RecentPoints
	// for *Store), in ascending time order, appended to buf[:0]: the
	// evaluator's input, read for every series at each evaluation, so a
	// backend keeps it cheap. An unknown series gives no points.
	Recent(seriesID uint64, buf []indicators.Point) ([]indicators.Point, error)
	// PointsAsOf calls fn, in time order, for each point of the series as
	// known at known: stored at or before it, with the value then in
	// force, including points deleted after it. An unknown series is
	// ErrNotFound.
	PointsAsOf(seriesID uint64, known time.Time, fn func(p indicators.Point) error) error
	// DeletedSeriesOf lists the series of one indicator that were deleted
	// whole, so that a read as of an earlier date still finds them.
	DeletedSeriesOf(indicator string) ([]Series, error)
	// ArrivedAt returns when the point of the series at t was first
	// stored (a revision keeps the first arrival), false when the store
	// does not know.
	ArrivedAt(seriesID uint64, t time.Time) (at time.Time, ok bool)
}

var _ Backend = (*Store)(nil)
