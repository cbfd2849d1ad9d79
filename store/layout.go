package store

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// The file layout, in one place. Every integer is big-endian so that byte
// order is numeric order. Root buckets:
//
//	meta        "schema" → uint64 schema version (schemaVersion below)
//	            "series" → uint64 number of series
//	            "points" → uint64 number of points
//	            "wal" → uint64 sequence number of the last write-ahead log
//	            record applied (wal.go)
//	            "walopen" → empty, present from the first write-ahead log
//	            record of a run to its clean Close: Open refuses a marked
//	            file whose log is missing or empty (logmark.go)
//	            The counters are rewritten by every write transaction, so
//	            Open reads them instead of counting.
//	catalog     one sub-bucket per indicator id:
//	              rev (uint64, from 1) → JSON revisionRecord (time, actor,
//	              reason, definition). The last key is the current revision.
//	series      "ids"  sub-bucket: id (uint64) → series key
//	            "keys" sub-bucket: series key → id (uint64)
//	            Ids come from the "ids" bucket's sequence, starting at 1.
//	            A series key is uvarint-length-prefixed strings: the
//	            indicator, then each label's name and value, labels sorted by
//	            name. The indicator comes first, so the keys of one
//	            indicator share a prefix and sort together.
//	points      one sub-bucket per series id (uint64):
//	              time key → value
//	            The time key is the point's Unix time in nanoseconds as a
//	            uint64 with the sign bit flipped, so instants before 1970 sort
//	            before later ones. The value is the float64 bits (8 bytes)
//	            followed by the source, raw UTF-8, or by 0x00 and the
//	            point's start, qualifier and source URL before the source
//	            (pointmeta.go).
//	recent      series id (uint64) → the series' last points, at most
//	            Options.RecentPoints, ascending: per point 8 bytes of Unix
//	            nanoseconds then 8 bytes of float64 bits, and a trailer for
//	            points with a span or qualifier (recentmeta.go). Kept in step with
//	            points by every write transaction (recent.go).
//	arrivals    series id (uint64) ‖ arrival time key → the time keys of the
//	            series' points first stored then, packed (8 bytes each).
//	            The arrival is the Options.Now of the write-ahead log record
//	            that logged the write (of the write, for one committed
//	            directly); the records a transaction applies from one second
//	            share one key per series, at the latest of their times (a
//	            second transaction at the same instant extends it).
//	            A point in no entry was stored before schema 3: known since
//	            forever. Written by every write transaction (arrivals.go).
//	versions    one sub-bucket per revised series id (uint64):
//	              time key ‖ revision time key → float64 bits (8 bytes)
//	            The values of revised points: the value before the first
//	            revision under the revision time key of minTime (all zeros),
//	            then each revision's value under its record's time. Points
//	            never revised have no versions (arrivals.go).
//	deleted     created by the first deletion: one sub-bucket per series id
//	            that lost points, holding its key and each deleted point
//	            with its arrival, deletion time and versions (delete_tx.go)
//	audit       seq (uint64, the bucket's sequence, from 1) → JSON auditRecord.
//	            Append-only.
//	alerts      reserved for the alerting state machine: key → opaque value
//	outbox      reserved for the notification outbox: key → opaque value
//	collectors  reserved for collector state: key → opaque value
//	assessments reserved for the owners' assessments: key → opaque value,
//	            each put with its audit entry (PutStateAudited)
//
// A new bucket is added to rootBuckets and, if existing files need more than
// an empty bucket, a step in upgrade (store.go) behind a new schemaVersion.
var (
	bucketMeta       = []byte("meta")
	bucketCatalog    = []byte("catalog")
	bucketSeries     = []byte("series")
	bucketPoints     = []byte("points")
	bucketAudit      = []byte("audit")
	bucketRecent     = []byte("recent")
	bucketArrivals   = []byte("arrivals")
	bucketVersions   = []byte("versions")
	bucketSeriesIDs  = []byte("ids")
	bucketSeriesKeys = []byte("keys")

	keySchema      = []byte("schema")
	keySeriesCount = []byte("series")
	keyPointCount  = []byte("points")
	keyWALApplied  = []byte("wal")
	keyWALOpen     = []byte("walopen")
)

// maxSeriesKey is the longest series key: bbolt's key limit.
const maxSeriesKey = bbolt.MaxKeySize

// schemaVersion is the layout this code reads and writes. Version 0 is an
// empty file.
const schemaVersion = 4

// rootBuckets lists every root bucket, created by Open when missing.
func rootBuckets() [][]byte {
	return [][]byte{bucketMeta, bucketCatalog, bucketSeries, bucketPoints, bucketAudit, bucketRecent, bucketArrivals, bucketVersions,
		[]byte(StateAlerts), []byte(StateOutbox), []byte(StateCollectors), []byte(StateLogin), []byte(StateAssessments)}
}

// Time keys cover the range of time.Time.UnixNano.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

func putUint64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

func getUint64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// appendTimeKey appends the time key of t, clamped to the representable range.
func appendTimeKey(b []byte, t time.Time) []byte {
	var ns int64
	switch {
	case t.Before(minTime):
		ns = math.MinInt64
	case t.After(maxTime):
		ns = math.MaxInt64
	default:
		ns = t.UnixNano()
	}
	return putUint64(b, uint64(ns)^(1<<63))
}

func timeOfKey(k []byte) time.Time {
	return time.Unix(0, int64(getUint64(k)^(1<<63))).UTC()
}

// appendPointValue appends the stored form of a point's value, source and
// meta (pointmeta.go).
func appendPointValue(b []byte, v float64, source string, pm PointMeta) []byte {
	return appendStoredSource(putUint64(b, math.Float64bits(v)), source, pm)
}

func valueOf(v []byte) float64 { return math.Float64frombits(binary.BigEndian.Uint64(v[:8])) }

// sourceOf returns the source of a stored point value, without the meta
// that may precede it (pointmeta.go).
func sourceOf(v []byte) string { s, _ := detailOf(v); return s }

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendSeriesKey appends the series key of an indicator and its sorted labels.
func appendSeriesKey(b []byte, indicator string, ls indicators.Labels) []byte {
	b = appendString(b, indicator)
	for _, l := range ls {
		b = appendString(appendString(b, l.Name), l.Value)
	}
	return b
}

// parseSeriesKey decodes a series key, copying its strings out of k.
func parseSeriesKey(k []byte) (indicator string, ls indicators.Labels, ok bool) {
	var strs []string
	for len(k) > 0 {
		n, w := binary.Uvarint(k)
		if w <= 0 || uint64(len(k)-w) < n {
			return "", nil, false
		}
		strs = append(strs, string(k[w:w+int(n)]))
		k = k[w+int(n):]
	}
	if len(strs) == 0 || len(strs)%2 != 1 {
		return "", nil, false
	}
	if len(strs) > 1 {
		ls = make(indicators.Labels, 0, len(strs)/2)
		for i := 1; i < len(strs); i += 2 {
			ls = append(ls, indicators.Label{Name: strs[i], Value: strs[i+1]})
		}
	}
	return strs[0], ls, true
}
