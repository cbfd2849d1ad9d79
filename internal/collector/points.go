package collector

import (
	"encoding/binary"
	"maps"
	"strconv"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/ingest"
)

// point is one point being built from one or more rows.
type point struct {
	where     string // the first row or item that gave it
	indicator string
	labels    map[string]string
	time      time.Time
	value     float64
	pub       ingest.Published
}

// maxSkippedShown bounds the reasons a run keeps for the rows or items it
// skipped as invalid: enough to see what is wrong, never the whole file.
const maxSkippedShown = 10

// accumulator collects the points of one body, combining the rows of a
// group as aggregate says ("" refuses a second row for a point). Its memory
// grows with the number of points, never with the number of rows.
type accumulator struct {
	aggregate string
	byKey     map[string]*point
	points    []*point
	key       []byte   // scratch for the key of the current row
	noValue   int      // rows or items without a value, skipped
	invalid   int      // malformed rows or items skipped (skip_invalid_rows)
	reasons   []string // why: the first maxSkippedShown of them
}

func newAccumulator(aggregate string) *accumulator {
	return &accumulator{aggregate: aggregate, byKey: map[string]*point{}}
}

// appendKeyPart adds one part to a key, length first so that no two lists
// of parts give the same key.
func appendKeyPart(key, part []byte) []byte {
	key = binary.AppendUvarint(key, uint64(len(part)))
	return append(key, part...)
}

// find returns the point of key, or nil.
func (a *accumulator) find(key []byte) *point { return a.byKey[string(key)] }

func (a *accumulator) add(key []byte, p *point) {
	a.byKey[string(key)] = p
	a.points = append(a.points, p)
}

// skip counts a row or item skipped as invalid (skip_invalid_rows); why
// is the error the run would have failed with, and is kept among the
// first maxSkippedShown.
func (a *accumulator) skip(why string) {
	a.invalid++
	if len(a.reasons) < maxSkippedShown {
		a.reasons = append(a.reasons, why)
	}
}

// locate prefixes the place of every point and skipped row with name, the
// file they were read from.
func (a *accumulator) locate(name string) {
	for _, p := range a.points {
		p.where = name + ": " + p.where
	}
	for i, r := range a.reasons {
		a.reasons[i] = name + ": " + r
	}
}

// combine folds another row's value into p.
func (a *accumulator) combine(p *point, v float64) {
	switch a.aggregate {
	case "sum":
		p.value += v
	case "max":
		p.value = max(p.value, v)
	case "last":
		p.value = v
	}
}

// merge takes the points of b, a later body (a newer file of a directory):
// a point both give takes b's value.
func (a *accumulator) merge(b *accumulator) {
	index := make(map[string]int, len(a.points))
	for i, p := range a.points {
		index[p.identity()] = i
	}
	for _, p := range b.points {
		if i, ok := index[p.identity()]; ok {
			a.points[i] = p
			continue
		}
		index[p.identity()] = len(a.points)
		a.points = append(a.points, p)
	}
	a.noValue += b.noValue
	a.invalid += b.invalid
	for _, r := range b.reasons {
		if len(a.reasons) == maxSkippedShown {
			break
		}
		a.reasons = append(a.reasons, r)
	}
}

// identity is what makes two points the same point in the store.
func (p *point) identity() string {
	return p.indicator + indicators.NewLabels(p.labels).String() + strconv.FormatInt(p.time.UnixNano(), 10)
}

// items returns the points as candidate measurements, fixed labels added.
func (a *accumulator) items(fixed map[string]string, source string) []ingest.Item {
	out := make([]ingest.Item, len(a.points))
	for i, p := range a.points {
		labels := p.labels
		if len(fixed) > 0 {
			labels = maps.Clone(fixed)
			maps.Copy(labels, p.labels)
		}
		out[i] = ingest.Item{Where: p.where, Indicator: p.indicator, Labels: labels, Time: p.time, Value: p.value, Source: source, Published: p.pub}
	}
	return out
}
