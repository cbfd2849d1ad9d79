package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// The arrivals and versions buckets (see layout.go) let the store be read as
// it stood at a past time: the points known by then, each with the value in
// force then. Reports replay the evaluation that way. A new point costs 8
// bytes in one value per series and commit, so bulk writes stay as fast as
// they were; only a revision writes versions.

// sinceForever is the revision key of a revised point's first value, and the
// arrival of the points stored before schema 3: the time key of minTime.
var sinceForever = make([]byte, 8)

// arrival groups the points a transaction adds to a series in one second.
type arrival struct {
	id  uint64
	sec int64 // Unix seconds of the writes
}

// putArrivals records the points new in the transaction, one key per series
// and second of their writes: a transaction applying many log records from
// one second writes one key per series, at the time of the latest of them,
// so that a point may be shown as known a fraction of a second after it
// was, never before.
func (w *writeTx) putArrivals() error {
	for a, times := range w.arrived {
		k := appendTimeKey(putUint64(w.alloc(16), a.id), w.lastIn[a.sec])
		old := w.arrivals.Get(k) // another commit at the same time
		v := append(append(w.alloc(len(old)+len(times)), old...), times...)
		if err := w.arrivals.Put(k, v); err != nil {
			return err
		}
	}
	return nil
}

// putVersion records that the point at t of the current series was revised
// from old to v at the transaction's time. Its first revision also records
// old as the value before any revision.
func (w *writeTx) putVersion(t time.Time, old, v float64) error {
	vb, err := w.versions.CreateBucketIfNotExists(putUint64(w.alloc(8), w.lastID))
	if err != nil {
		return err
	}
	w.scratch = appendTimeKey(w.scratch[:0], t)
	if k, _ := vb.Cursor().Seek(w.scratch); k == nil || !bytes.HasPrefix(k, w.scratch) {
		kv := w.alloc(24)
		if err := vb.Put(append(appendTimeKey(kv, t), sinceForever...), putUint64(kv[16:16], math.Float64bits(old))); err != nil {
			return err
		}
	}
	kv := w.alloc(24)
	return vb.Put(appendTimeKey(appendTimeKey(kv, t), w.now), putUint64(kv[16:16], math.Float64bits(v)))
}

// buildVersions is the schema 2 → 3 upgrade. The points already stored get
// no arrival: they are known since forever. The revisions of the audit log
// are replayed, so that a revised point shows its old value before the
// revision's time.
func buildVersions(tx *bbolt.Tx) error {
	for _, name := range [][]byte{bucketArrivals, bucketVersions} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	root, keys := tx.Bucket(bucketVersions), tx.Bucket(bucketSeries).Bucket(bucketSeriesKeys)
	revise := []byte(`"action":"` + ActionRevise + `"`)
	c := tx.Bucket(bucketAudit).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if !bytes.Contains(v, revise) { // spare decoding the push entries
			continue
		}
		var r auditRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode audit entry %d: %w", getUint64(k), err)
		}
		if r.Action != ActionRevise {
			continue
		}
		if err := replayRevision(root, keys, r); err != nil {
			return fmt.Errorf("audit entry %d: %w", getUint64(k), err)
		}
	}
	return nil
}

func replayRevision(root, keys *bbolt.Bucket, r auditRecord) error {
	var ls indicators.Labels
	for _, p := range r.Labels {
		ls = append(ls, indicators.Label{Name: p[0], Value: p[1]})
	}
	id := keys.Get(appendSeriesKey(nil, r.Indicator, ls))
	if id == nil {
		return nil // a series the log names but the file lacks: nothing to version
	}
	vb, err := root.CreateBucketIfNotExists(id)
	if err != nil {
		return err
	}
	tk := appendTimeKey(nil, r.At)
	if k, _ := vb.Cursor().Seek(tk); k == nil || !bytes.HasPrefix(k, tk) {
		if err := vb.Put(append(tk[:8:8], sinceForever...), putUint64(nil, math.Float64bits(r.Old))); err != nil {
			return err
		}
	}
	return vb.Put(appendTimeKey(tk[:8:8], r.Time), putUint64(nil, math.Float64bits(r.Value)))
}

// PointsAsOf calls fn, in time order, for each point of the series known at
// known: first stored at or before it, or before arrivals were recorded
// (schema 3). Each point carries the value in force at known, so a later
// revision does not show. It reads the arrivals after known, holding their
// time keys in memory, then the series' points and versions side by side:
// its cost is one pass over the series. It stops at fn's first error and returns it. An unknown series is
// ErrNotFound.
func (r *boltReader) PointsAsOf(seriesID uint64, known time.Time, fn func(p indicators.Point) error) error {
	knownKey := appendTimeKey(nil, known)
	gone, wasDeleted := r.deletedAt(seriesID, knownKey)
	b, err := r.pointsOf(seriesID)
	if err != nil {
		if errors.Is(err, ErrNotFound) && wasDeleted {
			_, err := emitDeleted(gone, nil, fn)
			return err
		}
		return err
	}
	later := r.arrivedAfter(seriesID, knownKey)
	var vc *bbolt.Cursor
	var vk, vv []byte
	if vb := r.versions.Bucket(putUint64(r.key[:0], seriesID)); vb != nil {
		vc = vb.Cursor()
		vk, vv = vc.First()
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		for vk != nil && bytes.Compare(vk[:8], k) < 0 { // versions of no stored point
			vk, vv = vc.Next()
		}
		value := valueOf(v)
		for ; vk != nil && bytes.Equal(vk[:8], k); vk, vv = vc.Next() {
			if bytes.Compare(vk[8:], knownKey) <= 0 {
				value = math.Float64frombits(getUint64(vv))
			}
		}
		if _, unknown := later[getUint64(k)]; unknown {
			continue
		}
		if gone, err = emitDeleted(gone, k, fn); err != nil {
			return err
		}
		p := pointOf(k, v)
		p.Value = value
		if err := fn(p); err != nil {
			return err
		}
	}
	_, err = emitDeleted(gone, nil, fn)
	return err
}

// emitDeleted calls fn for the deleted points before the time key before
// (all when nil) and returns the rest.
func emitDeleted(gone []deletedPoint, before []byte, fn func(p indicators.Point) error) ([]deletedPoint, error) {
	for len(gone) > 0 && (before == nil || bytes.Compare(gone[0].tk, before) < 0) {
		if err := fn(indicators.Point{Time: timeOfKey(gone[0].tk), Value: gone[0].value}); err != nil {
			return gone, err
		}
		gone = gone[1:]
	}
	return gone, nil
}

// arrivedAfter returns the time keys of the series' points first stored
// after the time key known.
func (r *boltReader) arrivedAfter(seriesID uint64, knownKey []byte) map[uint64]struct{} {
	prefix := putUint64(nil, seriesID)
	later := map[uint64]struct{}{}
	c := r.arrivals.Cursor()
	k, v := c.Seek(append(append(prefix[:8:8], knownKey...), 0)) // the first arrival after known
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		for i := 0; i+8 <= len(v); i += 8 {
			later[getUint64(v[i:i+8])] = struct{}{}
		}
	}
	return later
}
