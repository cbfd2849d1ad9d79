package evaluator

import (
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// window is a series' recent points as the evaluator keeps them between
// evaluations: 16 bytes a point in an exact-size slice, instead of the 32 of
// indicators.Point in a slice grown by append. With one window per series,
// this is most of the daemon's memory.
type window []sample

type sample struct {
	nanos int64
	value float64
}

func pack(pts []indicators.Point) window {
	w := make(window, len(pts))
	for i, p := range pts {
		w[i] = sample{p.Time.UnixNano(), p.Value}
	}
	return w
}

// unpack appends the window's points to buf[:0], for one evaluation.
func (w window) unpack(buf []indicators.Point) []indicators.Point {
	buf = buf[:0]
	for _, s := range w {
		buf = append(buf, indicators.Point{Time: time.Unix(0, s.nanos).UTC(), Value: s.value})
	}
	return buf
}
