package store

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// Series is one measured series: an indicator and a label set.
type Series struct {
	ID        uint64 // stable for the life of the file, from 1
	Indicator string
	Labels    indicators.Labels // sorted by name
}

// boltReader is the bbolt store's Reader: the buckets of one read
// transaction.
type boltReader struct {
	ids, keys, points, recent *bbolt.Bucket
	arrivals, versions        *bbolt.Bucket
	deleted                   *bbolt.Bucket // nil until the first deletion
	key                       [8]byte
}

// View runs fn with a Reader over one consistent snapshot. Use it to make
// many reads cheaply; the Store's own read methods each run their own View.
// A long View does not block writers, but keeps the pages it sees from being
// reused, so the file may grow while it runs. fn must not write to the store:
// a commit that has to enlarge the memory map waits for open reads.
func (s *Store) View(fn func(r Reader) error) error {
	if err := s.sync(); err != nil {
		return err
	}
	return dbErr(s.db.View(func(tx *bbolt.Tx) error {
		series := tx.Bucket(bucketSeries)
		return fn(&boltReader{ids: series.Bucket(bucketSeriesIDs), keys: series.Bucket(bucketSeriesKeys),
			points: tx.Bucket(bucketPoints), recent: tx.Bucket(bucketRecent),
			arrivals: tx.Bucket(bucketArrivals), versions: tx.Bucket(bucketVersions),
			deleted: tx.Bucket(bucketDeleted)})
	}))
}

// Series lists every series in ID order (the order they were created in).
func (r *boltReader) Series() ([]Series, error) {
	var out []Series
	err := r.ids.ForEach(func(k, v []byte) error {
		ind, ls, ok := parseSeriesKey(v)
		if !ok {
			return fmt.Errorf("series %d: corrupt key", getUint64(k))
		}
		out = append(out, Series{ID: getUint64(k), Indicator: ind, Labels: ls})
		return nil
	})
	return out, err
}

// SeriesOf lists the series of one indicator, ordered by labels.
func (r *boltReader) SeriesOf(indicator string) ([]Series, error) {
	prefix := appendString(nil, indicator)
	var out []Series
	c := r.keys.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		ind, ls, ok := parseSeriesKey(k)
		if !ok {
			return nil, fmt.Errorf("series %d: corrupt key", getUint64(v))
		}
		out = append(out, Series{ID: getUint64(v), Indicator: ind, Labels: ls})
	}
	return out, nil
}

// SeriesID returns the ID of the series of indicator with labels (in any
// order), or ErrNotFound.
func (r *boltReader) SeriesID(indicator string, labels indicators.Labels) (uint64, error) {
	byName := func(a, b indicators.Label) int { return cmp.Compare(a.Name, b.Name) }
	if !slices.IsSortedFunc(labels, byName) {
		labels = slices.SortedFunc(slices.Values(labels), byName)
	}
	v := r.keys.Get(appendSeriesKey(nil, indicator, labels))
	if v == nil {
		return 0, fmt.Errorf("series %s%s: %w", indicator, labels, ErrNotFound)
	}
	return getUint64(v), nil
}

func (r *boltReader) pointsOf(id uint64) (*bbolt.Bucket, error) {
	b := r.points.Bucket(putUint64(r.key[:0], id))
	if b == nil {
		return nil, fmt.Errorf("series %d: %w", id, ErrNotFound)
	}
	return b, nil
}

// Points calls fn for each point of the series with from ≤ time < to, in
// time order, with the point's source; a zero to means no upper bound. It
// stops at fn's first error and returns it. An unknown series is ErrNotFound.
func (r *boltReader) Points(seriesID uint64, from, to time.Time, fn func(p indicators.Point, source string) error) error {
	b, err := r.pointsOf(seriesID)
	if err != nil {
		return err
	}
	var end []byte
	if !to.IsZero() {
		end = appendTimeKey(nil, to)
	}
	c := b.Cursor()
	for k, v := c.Seek(appendTimeKey(nil, from)); k != nil && (end == nil || bytes.Compare(k, end) < 0); k, v = c.Next() {
		if err := fn(pointOf(k, v), sourceOf(v)); err != nil {
			return err
		}
	}
	return nil
}

// LastPoints returns the last n points of the series in ascending time
// order, appended to buf[:0] so that a caller looping over series reuses one
// buffer. An unknown series is ErrNotFound.
func (r *boltReader) LastPoints(seriesID uint64, n int, buf []indicators.Point) ([]indicators.Point, error) {
	buf = buf[:0]
	b, err := r.pointsOf(seriesID)
	if err != nil || n <= 0 {
		return buf, err
	}
	c := b.Cursor()
	for k, v := c.Last(); k != nil && len(buf) < n; k, v = c.Prev() {
		buf = append(buf, pointOf(k, v))
	}
	slices.Reverse(buf)
	return buf, nil
}

// Series lists every series in ID order; see Reader.Series.
func (s *Store) Series() (out []Series, err error) {
	err = s.View(func(r Reader) error { out, err = r.Series(); return err })
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	return out, nil
}

// SeriesOf lists the series of one indicator; see Reader.SeriesOf.
func (s *Store) SeriesOf(indicator string) (out []Series, err error) {
	err = s.View(func(r Reader) error { out, err = r.SeriesOf(indicator); return err })
	if err != nil {
		return nil, fmt.Errorf("list series of %s: %w", indicator, err)
	}
	return out, nil
}

// SeriesID returns the ID of a series; see Reader.SeriesID.
func (s *Store) SeriesID(indicator string, labels indicators.Labels) (id uint64, err error) {
	err = s.View(func(r Reader) error { id, err = r.SeriesID(indicator, labels); return err })
	return id, err
}

// Points streams the points of a series in a range; see Reader.Points. The
// whole walk is one read transaction.
func (s *Store) Points(seriesID uint64, from, to time.Time, fn func(p indicators.Point, source string) error) error {
	return s.View(func(r Reader) error { return r.Points(seriesID, from, to, fn) })
}

// LastPoints returns the last n points of a series; see Reader.LastPoints.
func (s *Store) LastPoints(seriesID uint64, n int, buf []indicators.Point) (out []indicators.Point, err error) {
	err = s.View(func(r Reader) error { out, err = r.LastPoints(seriesID, n, buf); return err })
	return out, err
}
