package store

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// The deleted bucket (see layout.go), created by the first deletion, holds
// one sub-bucket per series id that lost points:
//
//	"s" → the series key
//	time key ‖ deletion time key → arrival time key (8 bytes) ‖ float64
//	    bits of the value at deletion (8) ‖ the point's versions, if it
//	    was revised: revision time key (8) ‖ float64 bits (8), ascending
//
// A point is known as of a date from its arrival to its deletion, with the
// value of its last version by then.
var (
	bucketDeleted = []byte("deleted")
	keyDeletedKey = []byte("s")
)

// ActionDelete is a series or a point removed: the series, the reason and
// every value removed.
const ActionDelete Action = "delete"

// deletes applies one deletion request.
func (w *writeTx) deletes(d *deleteReq, actor string) ([]Removed, error) {
	deleted, err := w.tx.CreateBucketIfNotExists(bucketDeleted)
	if err != nil {
		return nil, err
	}
	out := make([]Removed, 0, len(d.targets))
	for i, t := range d.targets {
		rm, err := w.deleteOne(deleted, t)
		if err != nil {
			return nil, fmt.Errorf("target %d (%s%s): %w", i, t.Indicator, t.Labels, err)
		}
		err = w.appendAudit(auditRecord{Time: w.now, Actor: actor, Action: ActionDelete, Indicator: rm.Indicator,
			Labels: labelPairs(rm.Labels), At: t.At.UTC(), Reason: d.reason, Removed: rm.Points})
		if err != nil {
			return nil, err
		}
		out = append(out, rm)
	}
	w.lastPoints = nil // the series cache may name a removed bucket
	return out, nil
}

// deleteOne removes one target and keeps what it removed in deleted.
func (w *writeTx) deleteOne(deleted *bbolt.Bucket, t Target) (Removed, error) {
	ls, err := sortedLabels(t.Labels, &w.sorted)
	if err != nil {
		return Removed{}, err
	}
	rm := Removed{Indicator: t.Indicator, Labels: slices.Clone(ls)}
	key := appendSeriesKey(nil, t.Indicator, ls)
	idb := w.keys.Get(key)
	if idb == nil {
		return rm, fmt.Errorf("no such series: %w", ErrNotFound)
	}
	idb = slices.Clone(idb) // used after writes that may move bbolt's memory
	id := getUint64(idb)
	pts := w.pointsRoot.Bucket(idb)
	if pts == nil {
		return rm, fmt.Errorf("series %d has no points bucket", id)
	}
	gone, err := deleted.CreateBucketIfNotExists(putUint64(nil, id))
	if err == nil {
		err = gone.Put(keyDeletedKey, key)
	}
	if err != nil {
		return rm, err
	}
	var tks [][]byte
	if t.At.IsZero() {
		tks = allKeys(pts)
	} else if tk := appendTimeKey(nil, t.At); pts.Get(tk) != nil {
		tks = [][]byte{tk}
	} else {
		return rm, fmt.Errorf("no point at %s: %w", t.At.UTC().Format(time.RFC3339), ErrNotFound)
	}
	arrived := arrivalsOf(w.arrivals, id)
	for _, tk := range tks {
		p, err := w.keepDeleted(gone, pts, id, tk, arrived[getUint64(tk)])
		if err != nil {
			return rm, err
		}
		rm.Points = append(rm.Points, p)
	}
	w.points -= uint64(len(tks))
	if k, _ := pts.Cursor().First(); k == nil {
		rm.SeriesGone = true
		return rm, w.dropSeries(key, idb)
	}
	return rm, w.rebuildRecentOf(pts, idb)
}

// keepDeleted moves the point at tk to gone, with its versions, and returns
// it.
func (w *writeTx) keepDeleted(gone, pts *bbolt.Bucket, id uint64, tk, arrivedAt []byte) (RemovedPoint, error) {
	v := pts.Get(tk)
	p := RemovedPoint{Time: timeOfKey(tk), Value: valueOf(v), Source: sourceOf(v)}
	if arrivedAt == nil {
		arrivedAt = sinceForever
	}
	rec := append(append(slices.Clone(arrivedAt), v[:8]...), w.takeVersions(id, tk)...)
	if err := gone.Put(appendTimeKey(slices.Clone(tk), w.now), rec); err != nil {
		return p, err
	}
	return p, pts.Delete(tk)
}

// takeVersions removes the versions of the point at tk and returns them as
// pairs of revision time key and value bits: a point stored again later
// starts without them.
func (w *writeTx) takeVersions(id uint64, tk []byte) []byte {
	vb := w.versions.Bucket(putUint64(nil, id))
	if vb == nil {
		return nil
	}
	var out []byte
	var keys [][]byte
	c := vb.Cursor()
	for k, v := c.Seek(tk); k != nil && bytes.HasPrefix(k, tk); k, v = c.Next() {
		out = append(append(out, k[8:16]...), v...)
		keys = append(keys, slices.Clone(k))
	}
	for _, k := range keys {
		_ = vb.Delete(k) // a key just read in this transaction
	}
	return out
}

// dropSeries removes a series left without points from the series index,
// the points and the recent index; its id is never reused.
func (w *writeTx) dropSeries(key, idb []byte) error {
	err := errors.Join(w.keys.Delete(key), w.ids.Delete(idb), w.pointsRoot.DeleteBucket(idb), w.recent.Delete(idb))
	if err != nil {
		return err
	}
	w.series--
	return nil
}

// rebuildRecentOf rewrites the recent index of a series from its points.
func (w *writeTx) rebuildRecentOf(pts *bbolt.Bucket, idb []byte) error {
	var last []indicators.Point
	c := pts.Cursor()
	for k, v := c.Last(); k != nil && len(last) < w.recentN; k, v = c.Prev() {
		last = append(last, pointOf(k, v))
	}
	slices.Reverse(last)
	return w.recent.Put(slices.Clone(idb), appendRecent(nil, last))
}

func allKeys(b *bbolt.Bucket) [][]byte {
	var out [][]byte
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		out = append(out, slices.Clone(k))
	}
	return out
}

// arrivalsOf maps the time keys of a series' points to the arrival time key
// of their latest storing.
func arrivalsOf(arrivals *bbolt.Bucket, id uint64) map[uint64][]byte {
	prefix := putUint64(nil, id)
	out := map[uint64][]byte{}
	c := arrivals.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		at := slices.Clone(k[8:16])
		for i := 0; i+8 <= len(v); i += 8 {
			out[getUint64(v[i:i+8])] = at
		}
	}
	return out
}

// deletedPoint is a deleted point as known at some date.
type deletedPoint struct {
	tk    []byte
	value float64
}

// deletedAt returns, in time order, the deleted points of a series known at
// the time key known: arrived at or before it, deleted after it. found says
// whether the series ever lost points.
func (r *boltReader) deletedAt(seriesID uint64, knownKey []byte) (out []deletedPoint, found bool) {
	if r.deleted == nil {
		return nil, false
	}
	gone := r.deleted.Bucket(putUint64(nil, seriesID))
	if gone == nil {
		return nil, false
	}
	c := gone.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 16 || len(v) < 16 {
			continue // the series key
		}
		if bytes.Compare(v[:8], knownKey) > 0 || bytes.Compare(k[8:], knownKey) <= 0 {
			continue
		}
		value := valueOf(v[8:16])
		for vs := v[16:]; len(vs) >= 16; vs = vs[16:] {
			if bytes.Compare(vs[:8], knownKey) <= 0 {
				value = math.Float64frombits(getUint64(vs[8:16]))
			}
		}
		out = append(out, deletedPoint{tk: slices.Clone(k[:8]), value: value})
	}
	return out, true
}

// DeletedSeriesOf lists the series of one indicator that were deleted whole, so that a report as of a date before their deletion
// still finds them (PointsAsOf reads their deleted points). A series stored
// again after its deletion has a new id: both are listed, each with its own
// points.
func (r *boltReader) DeletedSeriesOf(indicator string) ([]Series, error) {
	if r.deleted == nil {
		return nil, nil
	}
	prefix := appendString(nil, indicator)
	var out []Series
	err := r.deleted.ForEachBucket(func(idb []byte) error {
		key := r.deleted.Bucket(idb).Get(keyDeletedKey)
		if !bytes.HasPrefix(key, prefix) || r.ids.Get(idb) != nil {
			return nil
		}
		ind, ls, ok := parseSeriesKey(key)
		if !ok {
			return fmt.Errorf("deleted series %d: corrupt key", getUint64(idb))
		}
		if ind == indicator {
			out = append(out, Series{ID: getUint64(idb), Indicator: ind, Labels: ls})
		}
		return nil
	})
	return out, err
}
