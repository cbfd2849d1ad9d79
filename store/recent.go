package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// DefaultRecentPoints is how many of each series' latest points the recent
// index keeps when Options.RecentPoints is zero: enough for a forecast over
// the last year of monthly figures with room to spare.
const DefaultRecentPoints = 24

// The recent index keeps, per series, its last points packed in one value
// (see layout.go). Evaluating every series then reads one small key per
// series instead of walking each series' points bucket: at start-up, and
// during each evaluation, the pages touched stay proportional to the
// number of series, which keeps both time and resident memory flat in the
// number of stored points.

// recentPointSize is the encoded size of one point in the recent index.
const recentPointSize = 16

func appendRecent(b []byte, pts []indicators.Point) []byte {
	for _, p := range pts {
		b = binary.BigEndian.AppendUint64(b, uint64(p.Time.UnixNano()))
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(p.Value))
	}
	return appendRecentMeta(b, pts)
}

func decodeRecent(v []byte, buf []indicators.Point) ([]indicators.Point, error) {
	v, trailer, err := splitRecentMeta(v)
	if err != nil {
		return buf, err
	}
	if len(v)%recentPointSize != 0 {
		return buf, fmt.Errorf("recent points: %d bytes is not a whole number of points", len(v))
	}
	from := len(buf)
	for i := 0; i < len(v); i += recentPointSize {
		buf = append(buf, indicators.Point{
			Time:  time.Unix(0, int64(binary.BigEndian.Uint64(v[i:]))).UTC(),
			Value: math.Float64frombits(binary.BigEndian.Uint64(v[i+8:])),
		})
	}
	return buf, applyRecentMeta(buf[from:], trailer)
}

// mergeRecent merges fresh points (new or revised, in any order) into a
// series' window, sorted by time, and keeps the last n, appending them to
// out[:0]. A fresh point at the time of a kept one replaces it.
func mergeRecent(out, window, fresh []indicators.Point, n int) []indicators.Point {
	slices.SortStableFunc(fresh, func(a, b indicators.Point) int { return a.Time.Compare(b.Time) })
	out = out[:0]
	i, j := 0, 0
	for i < len(window) || j < len(fresh) {
		switch {
		case j == len(fresh) || (i < len(window) && window[i].Time.Before(fresh[j].Time)):
			out = append(out, window[i])
			i++
		default:
			if i < len(window) && window[i].Time.Equal(fresh[j].Time) {
				i++ // replaced by the fresh point
			}
			// Of several fresh points at one time, the last given wins.
			for j+1 < len(fresh) && fresh[j+1].Time.Equal(fresh[j].Time) {
				j++
			}
			out = append(out, fresh[j])
			j++
		}
	}
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// updateRecent folds the points a transaction wrote into the recent index.
// A point older than a full window is dropped by mergeRecent, which is right:
// the window already holds n later points.
func (w *writeTx) updateRecent() error {
	var window, merged []indicators.Point // reused: a transaction may touch 100 000 series
	for id, fresh := range w.touched {
		key := putUint64(w.alloc(8), id)
		var err error
		if window, err = decodeRecent(w.recent.Get(key), window[:0]); err != nil {
			return fmt.Errorf("series %d: %w", id, err)
		}
		merged = mergeRecent(merged, window, fresh, w.recentN)
		v := appendRecent(w.alloc(len(merged)*recentPointSize), merged)
		if err := w.recent.Put(key, v); err != nil {
			return err
		}
	}
	return nil
}

// rebuildRecent fills the recent index from the points, for files written
// before it existed.
func rebuildRecent(tx *bbolt.Tx, n int) error {
	recent := tx.Bucket(bucketRecent)
	points := tx.Bucket(bucketPoints)
	return points.ForEachBucket(func(id []byte) error {
		var pts []indicators.Point
		c := points.Bucket(id).Cursor()
		for k, v := c.Last(); k != nil && len(pts) < n; k, v = c.Prev() {
			pts = append(pts, pointOf(k, v))
		}
		slices.Reverse(pts)
		return recent.Put(slices.Clone(id), appendRecent(nil, pts))
	})
}

// Recent returns the series' last points from the recent index, in
// ascending time order, appended to buf[:0]. It holds at most
// Options.RecentPoints points. An unknown series gives no points.
func (r *boltReader) Recent(seriesID uint64, buf []indicators.Point) ([]indicators.Point, error) {
	v := r.recent.Get(putUint64(r.key[:0], seriesID))
	pts, err := decodeRecent(v, buf[:0])
	if err != nil {
		return pts, fmt.Errorf("series %d: %w", seriesID, err)
	}
	return pts, nil
}
