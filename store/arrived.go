package store

import (
	"bytes"
	"time"
)

// ArrivedAt returns when the point of the series at t was first stored (a
// revision keeps the first arrival), to the second. ok is false when the
// store does not know: no such point, or one stored before arrivals were
// recorded (schema 3). It reads every arrival of the series: call it for
// a few points, not a whole history.
func (r *boltReader) ArrivedAt(seriesID uint64, t time.Time) (at time.Time, ok bool) {
	want := appendTimeKey(nil, t)
	prefix := putUint64(nil, seriesID)
	c := r.arrivals.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		for i := 0; i+8 <= len(v); i += 8 {
			if bytes.Equal(v[i:i+8], want) {
				return timeOfKey(k[8:]), true
			}
		}
	}
	return time.Time{}, false
}
