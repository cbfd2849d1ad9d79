package store

import (
	"fmt"
	"maps"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// The writer answers a Write (how many points are new, revised, unchanged)
// before the bbolt file has its points: from the file as last applied, and
// from the overlay, which holds the value of every point logged but perhaps
// not yet applied. The applier applies records in log order with the same
// rules (writeTx), so it reaches the same answers.

// overlay is the writer's view of logged points. Only the writer goroutine
// uses it.
type overlay struct {
	points map[string]overlayPoint // series key ‖ time key → latest logged value
	// batches lists, in sequence order, the keys each record set, so that
	// they can be forgotten once the file holds them.
	batches []overlayBatch
	changes []overlayChange // the current round's, for undo
	peak    int             // most entries points has held since it was made
}

type overlayPoint struct {
	value float64
	seq   uint64 // the record that set it
}

type overlayBatch struct {
	seq  uint64
	keys []string
}

// overlayChange is what a key held before the current round set it.
type overlayChange struct {
	key  string
	old  overlayPoint
	had  bool
	seq  uint64
	undo bool // false once the round is kept
}

func newOverlay() *overlay { return &overlay{points: map[string]overlayPoint{}} }

// set records v for key in record seq.
func (o *overlay) set(key string, v float64, seq uint64) {
	old, had := o.points[key]
	o.changes = append(o.changes, overlayChange{key: key, old: old, had: had, seq: seq, undo: true})
	o.points[key] = overlayPoint{value: v, seq: seq}
	o.peak = max(o.peak, len(o.points))
}

// undo reverts the round's changes made after the first mark of them.
func (o *overlay) undo(mark int) {
	for i := len(o.changes) - 1; i >= mark; i-- {
		c := o.changes[i]
		if c.had {
			o.points[c.key] = c.old
		} else {
			delete(o.points, c.key)
		}
	}
	o.changes = o.changes[:mark]
}

// keep ends the round: its keys are remembered under seq until forget.
func (o *overlay) keep(seq uint64) {
	if len(o.changes) == 0 {
		return
	}
	keys := make([]string, len(o.changes))
	for i, c := range o.changes {
		keys[i] = c.key
	}
	o.batches = append(o.batches, overlayBatch{seq: seq, keys: keys})
	clear(o.changes)
	o.changes = o.changes[:0]
}

// forget drops the points of records up to applied, which the file now
// holds, unless a later record set them again.
func (o *overlay) forget(applied uint64) {
	n := 0
	for ; n < len(o.batches) && o.batches[n].seq <= applied; n++ {
		b := o.batches[n]
		for _, k := range b.keys {
			if p, ok := o.points[k]; ok && p.seq == b.seq {
				delete(o.points, k)
			}
		}
	}
	if n > 0 {
		clear(o.batches[:n])
		o.batches = o.batches[n:]
	}
	// A Go map keeps its buckets when emptied: after a burst had hundreds
	// of thousands of points in flight, move what is left to a map of its
	// size rather than hold that memory for good, even if writes never stop.
	if o.peak > overlayKeep && len(o.points) < o.peak/8 {
		// Not maps.Clone, which may copy the table at its old size.
		small := make(map[string]overlayPoint, len(o.points))
		maps.Copy(small, o.points)
		o.points, o.peak = small, len(o.points)
	}
}

// overlayKeep is the number of entries below which the overlay map is kept
// whatever it holds now.
const overlayKeep = 4096

// predict works out each live request's counts against the file and the
// overlay, and sets the overlay to the values they log under seq. A request
// with an invalid measurement is finished with its error and changes
// nothing. It returns the requests that add or revise points and how many
// measurements they hold. An error means the file could not be read: no
// request was finished.
func (s *Store) predict(live []*writeReq, seq uint64) (logged []*writeReq, points int, err error) {
	tx, err := s.db.Begin(false)
	if err != nil {
		return nil, 0, dbErr(err)
	}
	defer tx.Rollback()
	// The overlay may forget only what this transaction sees.
	s.overlay.forget(getUint64(tx.Bucket(bucketMeta).Get(keyWALApplied)))
	series := tx.Bucket(bucketSeries)
	p := predictor{o: s.overlay, seq: seq, keys: series.Bucket(bucketSeriesKeys), pointsRoot: tx.Bucket(bucketPoints)}
	for _, r := range live {
		mark := len(s.overlay.changes)
		res, err := p.request(r.ms)
		if err != nil {
			s.overlay.undo(mark)
			r.finish(err)
			continue
		}
		r.res = res
		if res.New+res.Revised > 0 {
			logged = append(logged, r)
			points += len(r.ms)
		}
	}
	if len(logged) == 0 {
		s.overlay.undo(0) // only unchanged points were set: nothing to log
	}
	return logged, points, nil
}

// predictor reads points for predict within one read transaction.
type predictor struct {
	o                *overlay
	seq              uint64
	keys, pointsRoot *bbolt.Bucket
	key              []byte
	sorted           indicators.Labels

	lastSeries []byte        // the series key last looked up
	lastPoints *bbolt.Bucket // its points, nil for a series not in the file
}

func (p *predictor) request(ms []indicators.Measurement) (WriteResult, error) {
	var res WriteResult
	for i := range ms {
		kind, err := p.point(&ms[i])
		if err != nil {
			return res, fmt.Errorf("measurement %d (%s): %w", i, ms[i].Indicator, err)
		}
		switch kind {
		case pointNew:
			res.New++
		case pointRevised:
			res.Revised++
		case pointUnchanged:
			res.Unchanged++
		}
	}
	return res, nil
}

func (p *predictor) point(m *indicators.Measurement) (pointKind, error) {
	if err := validate(m); err != nil {
		return 0, err
	}
	ls, err := sortedLabels(m.Labels, &p.sorted)
	if err != nil {
		return 0, err
	}
	p.key = appendSeriesKey(p.key[:0], m.Indicator, ls)
	if len(p.key) > maxSeriesKey {
		return 0, fmt.Errorf("series key of %d bytes: %w", len(p.key), ErrInvalid)
	}
	n := len(p.key)
	p.key = appendTimeKey(p.key, m.Time)
	kind := pointNew
	if old, ok := p.o.points[string(p.key)]; ok {
		if old.value == m.Value {
			return pointUnchanged, nil
		}
		kind = pointRevised
	} else if pts := p.seriesPoints(p.key[:n]); pts != nil {
		if old := pts.Get(p.key[n:]); old != nil {
			if valueOf(old) == m.Value {
				return pointUnchanged, nil
			}
			kind = pointRevised
		}
	}
	p.o.set(string(p.key), m.Value, p.seq)
	return kind, nil
}

// seriesPoints returns the points bucket of a series in the file, nil if
// the file has no such series yet.
func (p *predictor) seriesPoints(key []byte) *bbolt.Bucket {
	if p.lastSeries != nil && string(key) == string(p.lastSeries) {
		return p.lastPoints
	}
	p.lastSeries = append(p.lastSeries[:0], key...)
	p.lastPoints = nil
	if id := p.keys.Get(key); id != nil {
		p.lastPoints = p.pointsRoot.Bucket(id)
	}
	return p.lastPoints
}
