package evaluator

import (
	"encoding/binary"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// hasMeta, set in a window's first byte, says that a section with the span
// and qualifier of the points that have them follows it:
//
//	uvarint count ‖ per point: uvarint index ‖ qualifier byte ‖ uvarint span ns
//
// Few series carry such points (published figures, issue 11), so the
// section is absent from the others and costs them nothing.
const hasMeta = 0x80

// appendMeta appends the meta section of pts and marks b[len(b)-1], the
// window's first byte, if any point needs it.
func appendMeta(b []byte, pts []indicators.Point) []byte {
	n := 0
	for _, p := range pts {
		if p.Span != 0 || p.Qualifier != indicators.QualifierNone {
			n++
		}
	}
	if n == 0 {
		return b
	}
	b[len(b)-1] |= hasMeta
	b = binary.AppendUvarint(b, uint64(n))
	for i, p := range pts {
		if p.Span != 0 || p.Qualifier != indicators.QualifierNone {
			b = binary.AppendUvarint(b, uint64(i))
			b = append(b, byte(p.Qualifier))
			b = binary.AppendUvarint(b, uint64(p.Span))
		}
	}
	return b
}

// windowMeta is a window's meta section, still packed.
type windowMeta window

// metaSection returns w's meta section and the index of its first point.
func (w window) metaSection() (windowMeta, int) {
	if w[0]&hasMeta == 0 {
		return "", 1
	}
	n, i := uvarint(w, 1)
	from := i
	for range n {
		_, i = uvarint(w, i)
		_, i = uvarint(w, i+1)
	}
	return windowMeta(w[from:i]), i
}

// apply sets the span and qualifier of the unpacked points pts.
func (m windowMeta) apply(pts []indicators.Point) {
	w := window(m)
	for i := 0; i < len(w); {
		var idx, span uint64
		idx, i = uvarint(w, i)
		q := indicators.Qualifier(w[i])
		span, i = uvarint(w, i+1)
		pts[idx].Qualifier, pts[idx].Span = q, time.Duration(span)
	}
}
