package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// The recent index keeps the span and qualifier of the few points that have
// them (issue 11) in a trailer after the 16-byte points, so that a window
// of plain points is stored as before:
//
//	points ‖ per qualified point: uint16 index ‖ uint8 qualifier ‖
//	5 zero bytes ‖ int64 span ns ‖ uint32 count ‖ "JRM1"
//
// Trailer entries are 16 bytes and the footer 8, so a value with a trailer
// is 8 bytes past a multiple of 16 and one without is a multiple: the two
// cannot be confused.
const recentMetaEntry = 16

var recentMetaMagic = []byte("JRM1")

// appendRecentMeta appends the trailer of pts, if any point needs one.
func appendRecentMeta(b []byte, pts []indicators.Point) []byte {
	n := 0
	for i, p := range pts {
		if p.Span == 0 && p.Qualifier == indicators.QualifierNone {
			continue
		}
		b = binary.BigEndian.AppendUint16(b, uint16(i))
		b = append(b, byte(p.Qualifier), 0, 0, 0, 0, 0)
		b = binary.BigEndian.AppendUint64(b, uint64(p.Span))
		n++
	}
	if n == 0 {
		return b
	}
	return append(binary.BigEndian.AppendUint32(b, uint32(n)), recentMetaMagic...)
}

// splitRecentMeta returns the points part of a recent value and its
// trailer entries.
func splitRecentMeta(v []byte) (points, trailer []byte, err error) {
	if len(v)%recentPointSize != 8 {
		return v, nil, nil
	}
	foot := v[len(v)-8:]
	n := int(binary.BigEndian.Uint32(foot))
	if string(foot[4:]) != string(recentMetaMagic) || n*recentMetaEntry > len(v)-8 {
		return nil, nil, fmt.Errorf("recent points: %d bytes is neither whole points nor points with a trailer", len(v))
	}
	cut := len(v) - 8 - n*recentMetaEntry
	return v[:cut], v[cut : len(v)-8], nil
}

// applyRecentMeta sets the span and qualifier of pts from trailer entries.
func applyRecentMeta(pts []indicators.Point, trailer []byte) error {
	for e := trailer; len(e) >= recentMetaEntry; e = e[recentMetaEntry:] {
		i := int(binary.BigEndian.Uint16(e))
		if i >= len(pts) {
			return fmt.Errorf("recent points: trailer names point %d of %d", i, len(pts))
		}
		pts[i].Qualifier = indicators.Qualifier(e[2])
		pts[i].Span = time.Duration(binary.BigEndian.Uint64(e[8:]))
	}
	return nil
}
