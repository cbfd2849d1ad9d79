package evaluator

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// window is a series' recent points as the evaluator keeps them between
// evaluations. With one window per series it is most of the daemon's
// memory, so the points are packed: 24 weekly counts take about 120 bytes,
// 24 weekly decimal figures 290, where indicators.Point takes 768 and plain
// 16-byte samples 384.
//
// The first byte is k: every time is a multiple of 10^k nanoseconds (k is
// 0, 3, 6 or 9). Then, per point, in ascending time:
//
//   - the time in units of 10^k ns, as a uvarint of its difference with the
//     previous point's (with the first point's, of its own value), in
//     wrapping uint64 arithmetic, which round-trips every int64;
//   - the value: uvarint 0 then its 8 IEEE 754 bytes, or, for an integer of
//     magnitude at most 2^53 (other than -0), 1 + the zigzag-encoded
//     difference with the previous integer value (0 before the first).
//
// Weekly times take 3 bytes, counts and other integer values 1 to 4: most
// figures. A window decodes to exactly the points it was packed from.
// Points with a span or qualifier (published figures) add a section after
// the first byte (windowmeta.go); other windows are packed as before.
type window string

// exactInt is the largest magnitude below which every integer is a float64.
const exactInt = 1 << 53

func pack(pts []indicators.Point) window {
	var scratch [512]byte
	b := scratch[:0]
	k, unit := timeUnit(pts)
	b = appendMeta(append(b, byte(k)), pts)
	var prevT, prevV int64
	for _, p := range pts {
		q := p.Time.UnixNano() / unit
		b = binary.AppendUvarint(b, uint64(q)-uint64(prevT))
		prevT = q
		if iv, ok := integer(p.Value); ok {
			d := iv - prevV
			b = binary.AppendUvarint(b, 1+(uint64(d<<1)^uint64(d>>63)))
			prevV = iv
		} else {
			b = append(b, 0)
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(p.Value))
		}
	}
	return window(b)
}

// timeUnit returns the largest k in 0, 3, 6, 9 such that every point's
// time is a multiple of 10^k ns, and 10^k.
func timeUnit(pts []indicators.Point) (k int, unit int64) {
	k, unit = 9, int64(time.Second)
	for _, p := range pts {
		for n := p.Time.UnixNano(); k > 0 && n%unit != 0; {
			k, unit = k-3, unit/1000
		}
	}
	return k, unit
}

// integer returns v as an int64 if it is an integer the window can encode
// exactly as one.
func integer(v float64) (int64, bool) {
	if v != math.Trunc(v) || v > exactInt || v < -exactInt || (v == 0 && math.Signbit(v)) {
		return 0, false
	}
	return int64(v), true
}

// unpack appends the window's points to buf[:0], for one evaluation.
func (w window) unpack(buf []indicators.Point) []indicators.Point {
	buf = buf[:0]
	if len(w) == 0 {
		return buf
	}
	unit := int64(1)
	for range (w[0] &^ hasMeta) / 3 {
		unit *= 1000
	}
	meta, start := w.metaSection()
	var q, prevV int64
	for i := start; i < len(w); {
		var d, x uint64
		d, i = uvarint(w, i)
		q = int64(uint64(q) + d)
		var v float64
		if x, i = uvarint(w, i); x == 0 {
			var bits uint64
			for _, c := range []byte(w[i : i+8]) {
				bits = bits<<8 | uint64(c)
			}
			v = math.Float64frombits(bits)
			i += 8
		} else {
			x--
			prevV += int64(x>>1) ^ -int64(x&1)
			v = float64(prevV)
		}
		buf = append(buf, indicators.Point{Time: time.Unix(0, q*unit).UTC(), Value: v})
	}
	meta.apply(buf)
	return buf
}

// uvarint decodes the uvarint at w[i:], which pack wrote, and returns it
// with the index past it.
func uvarint(w window, i int) (uint64, int) {
	var x uint64
	for shift := uint(0); ; shift += 7 {
		c := w[i]
		i++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x, i
		}
	}
}
