package store

import (
	"bytes"
	"encoding/binary"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// A point's start, qualifier and source URL (issue 11) travel with its
// source, in the points bucket after the value bits and in the write-ahead
// log in the source's place, so that neither layout changed: a stored
// source is either raw UTF-8 (every point before, and most points since),
// or, when the point has any of the three,
//
//	0x00 ‖ flags ‖ [varint start, Unix ns] ‖ [qualifier byte] ‖
//	[uvarint length ‖ source URL] ‖ source, raw UTF-8
//
// with flags bit 0 for a start, 1 for a qualifier, 2 for a URL. A source
// never starts with 0x00 (indicators.CheckText refuses control
// characters), so the two forms cannot be confused, and a point without
// them costs no byte more.
const (
	metaMark     = 0x00
	metaStart    = 1 << 0
	metaQualify  = 1 << 1
	metaURL      = 1 << 2
	metaKnownAll = metaStart | metaQualify | metaURL
)

// PointMeta is what a point may carry beside its value and source.
type PointMeta struct {
	Start     time.Time // zero: the indicator's period
	Qualifier indicators.Qualifier
	SourceURL string
}

// metaOf returns the meta of m.
func metaOf(m *indicators.Measurement) PointMeta {
	return PointMeta{Start: m.Start, Qualifier: m.Qualifier, SourceURL: m.SourceURL}
}

func (pm PointMeta) empty() bool {
	return pm.Start.IsZero() && pm.Qualifier == indicators.QualifierNone && pm.SourceURL == ""
}

// appendStoredSource appends the stored form of a source and its meta.
func appendStoredSource(b []byte, source string, pm PointMeta) []byte {
	if pm.empty() {
		return append(b, source...)
	}
	var flags byte
	if !pm.Start.IsZero() {
		flags |= metaStart
	}
	if pm.Qualifier != indicators.QualifierNone {
		flags |= metaQualify
	}
	if pm.SourceURL != "" {
		flags |= metaURL
	}
	b = append(b, metaMark, flags)
	if flags&metaStart != 0 {
		b = binary.AppendVarint(b, pm.Start.UnixNano())
	}
	if flags&metaQualify != 0 {
		b = append(b, byte(pm.Qualifier))
	}
	if flags&metaURL != 0 {
		b = appendString(b, pm.SourceURL)
	}
	return append(b, source...)
}

// storedSourceLen is the size appendStoredSource will take.
func storedSourceLen(source string, pm PointMeta) int {
	if pm.empty() {
		return len(source)
	}
	return len(source) + 2 + binary.MaxVarintLen64 + 1 + binary.MaxVarintLen64 + len(pm.SourceURL)
}

// splitStoredSource returns the source and meta of a stored source; ok is
// false for a malformed one, whose bytes are then all taken as the source.
func splitStoredSource(b []byte) (source []byte, pm PointMeta, ok bool) {
	if len(b) < 2 || b[0] != metaMark || b[1]&^metaKnownAll != 0 {
		return b, PointMeta{}, len(b) == 0 || b[0] != metaMark
	}
	flags, rest := b[1], b[2:]
	if flags&metaStart != 0 {
		ns, w := binary.Varint(rest)
		if w <= 0 {
			return b, PointMeta{}, false
		}
		pm.Start, rest = time.Unix(0, ns).UTC(), rest[w:]
	}
	if flags&metaQualify != 0 {
		if len(rest) == 0 {
			return b, PointMeta{}, false
		}
		pm.Qualifier, rest = indicators.Qualifier(rest[0]), rest[1:]
	}
	if flags&metaURL != 0 {
		n, w := binary.Uvarint(rest)
		if w <= 0 || uint64(len(rest)-w) < n {
			return b, PointMeta{}, false
		}
		pm.SourceURL, rest = string(rest[w:w+int(n)]), rest[w+int(n):]
	}
	return rest, pm, true
}

// pointOf returns the point stored under time key k with value v.
func pointOf(k, v []byte) indicators.Point {
	p := indicators.Point{Time: timeOfKey(k), Value: valueOf(v)}
	if len(v) > 8 && v[8] == metaMark {
		_, pm, _ := splitStoredSource(v[8:])
		p.Span, p.Qualifier = spanOf(p.Time, pm.Start), pm.Qualifier
	}
	return p
}

// spanOf is the length of the period from start to t; 0 without a start.
func spanOf(t, start time.Time) time.Duration {
	if start.IsZero() || !start.Before(t) {
		return 0
	}
	return t.Sub(start)
}

// detailOf returns the source and meta of a stored point value.
func detailOf(v []byte) (string, PointMeta) {
	s, pm, _ := splitStoredSource(v[8:])
	return string(s), pm
}

// setMeta sets m's meta from a stored source and returns the source.
func setMeta(m *indicators.Measurement, stored string) {
	s, pm, _ := splitStoredSource([]byte(stored))
	m.Source, m.Start, m.Qualifier, m.SourceURL = string(s), pm.Start, pm.Qualifier, pm.SourceURL
}

// appendStoredString appends m's stored source as a length-prefixed string,
// as the write-ahead log holds it.
func appendStoredString(b []byte, m *indicators.Measurement) []byte {
	pm := metaOf(m)
	if pm.empty() {
		return appendString(b, m.Source)
	}
	s := appendStoredSource(nil, m.Source, pm)
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// PointDetails calls fn for each point of the series with from ≤ time < to,
// in time order, with its source and meta; otherwise as Reader.Points.
func (r *boltReader) PointDetails(seriesID uint64, from, to time.Time, fn func(p indicators.Point, source string, pm PointMeta) error) error {
	b, err := r.pointsOf(seriesID)
	if err != nil {
		return err
	}
	end := appendTimeKey(nil, to)
	c := b.Cursor()
	for k, v := c.Seek(appendTimeKey(nil, from)); k != nil && (to.IsZero() || bytes.Compare(k, end) < 0); k, v = c.Next() {
		src, pm := detailOf(v)
		if err := fn(pointOf(k, v), src, pm); err != nil {
			return err
		}
	}
	return nil
}

// PointDetails streams the points of a series with their meta; see
// Reader.PointDetails. The whole walk is one read transaction.
func (s *Store) PointDetails(seriesID uint64, from, to time.Time, fn func(p indicators.Point, source string, pm PointMeta) error) error {
	return s.View(func(r Reader) error { return r.PointDetails(seriesID, from, to, fn) })
}
