package store

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// denseFill is the fill percent of buckets whose keys are appended in order.
const denseFill = 0.95

// writeTx applies write requests inside one bbolt write transaction.
type writeTx struct {
	tx                                         *bbolt.Tx
	now                                        time.Time
	meta, ids, keys, pointsRoot, audit, recent *bbolt.Bucket
	arrivals, versions                         *bbolt.Bucket
	series, points                             uint64 // counters, written back by finish

	// arena holds keys and values handed to Put, which bbolt requires to
	// stay valid until the transaction ends; carving them from shared
	// chunks saves an allocation per point.
	arena   []byte
	scratch []byte            // lookup keys, reused
	sorted  indicators.Labels // labels sorted by sortedLabels, reused

	// The last series looked up, since batches usually repeat one series.
	lastIndicator string
	lastLabels    indicators.Labels
	lastPoints    *bbolt.Bucket
	lastID        uint64

	// touched collects, per series id, the points written, folded into the
	// recent index once per series by finish.
	touched map[uint64][]indicators.Point
	recentN int
	// arrived collects, per series and second, the time keys of the points
	// new in this transaction, written to the arrivals bucket by finish
	// under lastIn: the latest write of that second.
	arrived map[arrival][]byte
	lastIn  map[int64]time.Time
}

func newWriteTx(tx *bbolt.Tx, now time.Time, recentN int) *writeTx {
	series := tx.Bucket(bucketSeries)
	w := &writeTx{tx: tx, now: now, meta: tx.Bucket(bucketMeta), ids: series.Bucket(bucketSeriesIDs),
		keys: series.Bucket(bucketSeriesKeys), pointsRoot: tx.Bucket(bucketPoints), audit: tx.Bucket(bucketAudit),
		recent: tx.Bucket(bucketRecent), touched: map[uint64][]indicators.Point{}, recentN: recentN,
		arrivals: tx.Bucket(bucketArrivals), versions: tx.Bucket(bucketVersions), arrived: map[arrival][]byte{}, lastIn: map[int64]time.Time{}}
	// Series ids grow, so new keys of these buckets go at their end: filling
	// pages before splitting them, rather than bbolt's default half, keeps
	// them dense. The evaluator reads both whole at start-up, through the
	// memory map, so their size is resident memory.
	w.ids.FillPercent, w.recent.FillPercent = denseFill, denseFill
	w.series = getUint64(w.meta.Get(keySeriesCount))
	w.points = getUint64(w.meta.Get(keyPointCount))
	return w
}

// alloc returns n bytes that stay valid for the transaction.
func (w *writeTx) alloc(n int) []byte {
	if cap(w.arena)-len(w.arena) < n {
		// Start small (most commits hold a few points) and double.
		w.arena = make([]byte, 0, max(n, 256, min(64<<10, 2*cap(w.arena))))
	}
	b := w.arena[len(w.arena) : len(w.arena)+n : len(w.arena)+n]
	w.arena = w.arena[:len(w.arena)+n]
	return b[:0]
}

// request applies one Write call's measurements.
func (w *writeTx) request(ms []indicators.Measurement, actor string) (WriteResult, error) {
	var res WriteResult
	var written []string // distinct indicators added to or revised
	for i := range ms {
		m := &ms[i]
		kind, err := w.point(m, actor)
		if err != nil {
			return res, fmt.Errorf("measurement %d (%s): %w", i, m.Indicator, err)
		}
		switch kind {
		case pointUnchanged:
			res.Unchanged++
			continue
		case pointNew:
			res.New++
		case pointRevised:
			res.Revised++
		}
		if !slices.Contains(written, m.Indicator) {
			written = append(written, m.Indicator)
		}
	}
	if len(written) == 0 {
		return res, nil
	}
	return res, w.appendAudit(auditRecord{Time: w.now, Actor: actor, Action: ActionPush,
		New: res.New, Revised: res.Revised, Indicators: written})
}

type pointKind int

const (
	pointNew pointKind = iota
	pointRevised
	pointUnchanged
)

// point stores one measurement.
func (w *writeTx) point(m *indicators.Measurement, actor string) (pointKind, error) {
	if err := validate(m); err != nil {
		return 0, err
	}
	ls, err := sortedLabels(m.Labels, &w.sorted)
	if err != nil {
		return 0, err
	}
	pts, err := w.seriesPoints(m.Indicator, ls)
	if err != nil {
		return 0, err
	}
	w.scratch = appendTimeKey(w.scratch[:0], m.Time)
	kind := pointNew
	if old := pts.Get(w.scratch); old != nil {
		if valueOf(old) == m.Value {
			return pointUnchanged, nil
		}
		kind = pointRevised
		err := w.appendAudit(auditRecord{Time: w.now, Actor: actor, Action: ActionRevise,
			Indicator: m.Indicator, Labels: labelPairs(ls), At: m.Time.UTC(),
			Old: valueOf(old), Value: m.Value, OldSource: sourceOf(old), Source: m.Source,
			Start: m.Start, Qualifier: m.Qualifier.String(), SourceURL: m.SourceURL})
		if err == nil {
			err = w.putVersion(m.Time, valueOf(old), m.Value)
		}
		if err != nil {
			return 0, err
		}
	} else {
		w.points++
		sec := w.now.Unix()
		a := arrival{w.lastID, sec}
		w.arrived[a] = appendTimeKey(w.arrived[a], m.Time)
		if last, ok := w.lastIn[sec]; !ok || w.now.After(last) {
			w.lastIn[sec] = w.now
		}
	}
	pm := metaOf(m)
	kv := w.alloc(16 + storedSourceLen(m.Source, pm))
	k := appendTimeKey(kv, m.Time)
	v := appendPointValue(kv[8:8], m.Value, m.Source, pm)
	if err := pts.Put(k, v); err != nil {
		return 0, err
	}
	w.touched[w.lastID] = append(w.touched[w.lastID], indicators.Point{Time: m.Time, Value: m.Value,
		Span: spanOf(m.Time, m.Start), Qualifier: m.Qualifier})
	return kind, nil
}

func validate(m *indicators.Measurement) error {
	switch {
	case m.Indicator == "":
		return fmt.Errorf("no indicator: %w", ErrInvalid)
	case m.Time.IsZero() || m.Time.Before(minTime) || m.Time.After(maxTime):
		return fmt.Errorf("time %s out of range: %w", m.Time, ErrInvalid)
	case math.IsNaN(m.Value) || math.IsInf(m.Value, 0):
		return fmt.Errorf("value %v: %w", m.Value, ErrInvalid)
	}
	return nil
}

// sortedLabels returns ls sorted by name, copying it into *buf only if it
// is not, and checks the names and values.
func sortedLabels(ls indicators.Labels, buf *indicators.Labels) (indicators.Labels, error) {
	byName := func(a, b indicators.Label) int { return cmp.Compare(a.Name, b.Name) }
	if !slices.IsSortedFunc(ls, byName) {
		*buf = append((*buf)[:0], ls...)
		slices.SortFunc(*buf, byName)
		ls = *buf
	}
	for i, l := range ls {
		switch {
		case l.Name == "":
			return nil, fmt.Errorf("empty label name: %w", ErrInvalid)
		case l.Value == "":
			return nil, fmt.Errorf("label %s has no value: %w", l.Name, ErrInvalid)
		case i > 0 && ls[i-1].Name == l.Name:
			return nil, fmt.Errorf("label %s given twice: %w", l.Name, ErrInvalid)
		}
	}
	return ls, nil
}

// seriesPoints returns the points bucket of a series, creating the series
// if it is new.
func (w *writeTx) seriesPoints(indicator string, ls indicators.Labels) (*bbolt.Bucket, error) {
	if w.lastPoints != nil && indicator == w.lastIndicator && slices.Equal(ls, w.lastLabels) {
		return w.lastPoints, nil
	}
	w.scratch = appendSeriesKey(w.scratch[:0], indicator, ls)
	if len(w.scratch) > maxSeriesKey {
		return nil, fmt.Errorf("series key of %d bytes: %w", len(w.scratch), ErrInvalid)
	}
	var pts *bbolt.Bucket
	var seriesID uint64
	if id := w.keys.Get(w.scratch); id != nil {
		seriesID = getUint64(id)
		pts = w.pointsRoot.Bucket(id)
		if pts == nil {
			return nil, fmt.Errorf("series %d has no points bucket", getUint64(id))
		}
	} else {
		seq, err := w.ids.NextSequence()
		if err != nil {
			return nil, err
		}
		seriesID = seq
		id := putUint64(w.alloc(8), seq)
		key := append(w.alloc(len(w.scratch)), w.scratch...)
		if err := w.ids.Put(id, key); err != nil {
			return nil, err
		}
		if err := w.keys.Put(key, id); err != nil {
			return nil, err
		}
		if pts, err = w.pointsRoot.CreateBucket(id); err != nil {
			return nil, err
		}
		w.series++
	}
	w.lastIndicator, w.lastLabels, w.lastPoints, w.lastID = indicator, append(w.lastLabels[:0], ls...), pts, seriesID
	return pts, nil
}

// finish updates the recent index and writes the counters back to meta.
func (w *writeTx) finish() error {
	if err := w.updateRecent(); err != nil {
		return fmt.Errorf("update recent points: %w", err)
	}
	if err := w.putArrivals(); err != nil {
		return fmt.Errorf("record arrivals: %w", err)
	}
	if err := w.meta.Put(keySeriesCount, putUint64(w.alloc(8), w.series)); err != nil {
		return err
	}
	return w.meta.Put(keyPointCount, putUint64(w.alloc(8), w.points))
}
