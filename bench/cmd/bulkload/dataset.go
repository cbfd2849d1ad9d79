package main

import (
	"strconv"
	"time"
)

// dataset describes the measurements to send and cuts them into request
// bodies.
type dataset struct{ o options }

func (d dataset) total() int { return d.o.series * d.o.points }

func (d dataset) batches() int { return (d.total() + d.o.batch - 1) / d.o.batch }

// size is the number of points of batch i.
func (d dataset) size(i int) int { return min(d.o.batch, d.total()-i*d.o.batch) }

// body appends to b the JSON body of batch i: points i×batch up to the next
// batch, numbered series-major.
func (d dataset) body(b []byte, i int) []byte {
	from := i * d.o.batch
	to := min(from+d.o.batch, d.total())
	b = append(b, `{"measurements":[`...)
	for n := from; n < to; n++ {
		if n > from {
			b = append(b, ',')
		}
		b = d.item(b, n/d.o.points, n%d.o.points)
	}
	return append(b, "]}\n"...)
}

// item appends point p of series s. Values grow along the series, so the
// evaluation sees a trajectory rather than noise: with "-values plan" they
// stay within 1 % of the plan, with "ramp" they crawl far below it.
func (d dataset) item(b []byte, s, p int) []byte {
	t := d.o.start.Add(time.Duration(p) * d.o.step)
	b = append(b, `{"indicator":"`...)
	b = append(b, d.o.indicator...)
	b = append(b, `","labels":{"`...)
	b = append(b, d.o.label...)
	b = append(b, `":"s`...)
	b = appendPadded(b, d.o.firstSeries+s)
	b = append(b, `"},"time":"`...)
	b = t.AppendFormat(b, time.RFC3339)
	b = append(b, `","value":`...)
	b = strconv.AppendFloat(b, d.value(t, s, p), 'f', 0, 64)
	return append(b, `,"source":"bulkload"}`...)
}

func (d dataset) value(t time.Time, s, p int) float64 {
	if d.o.values == "ramp" {
		return float64(100*(p+1) + s%97)
	}
	jitter := float64((s*7919+p*104729)%201-100) / 10000 // within ±1 %
	return max(0, d.o.plan.at(t)*(1+jitter))
}

// appendPadded appends n with at least six digits.
func appendPadded(b []byte, n int) []byte {
	for z := 100000; z > 1 && n < z; z /= 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}
