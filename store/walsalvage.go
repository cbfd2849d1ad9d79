package store

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// salvaged is what a lenient read of a log found, in log order: whole
// records and the damaged spans between them, past which the read
// resynchronises on the next frame whose two checksums match.
type salvaged struct {
	items []salvageItem
	torn  *ByteRange
}

// salvageItem is a record or a damaged span.
type salvageItem struct {
	rec scannedRecord
	bad *ByteRange
}

// salvageLog reads every segment of the log in dir leniently.
func salvageLog(dir string) (salvaged, error) {
	var sv salvaged
	segs, err := listSegments(dir)
	if err != nil {
		return sv, err
	}
	for i, first := range segs {
		path := filepath.Join(dir, segmentName(first))
		data, err := os.ReadFile(path)
		if err != nil {
			return sv, fmt.Errorf("read write-ahead log: %w", err)
		}
		sc, err := scanSegment(data)
		if err != nil {
			return sv, fmt.Errorf("write-ahead log segment %s: %w", path, err)
		}
		sv.segment(segmentName(first), sc, i == len(segs)-1)
	}
	return sv, nil
}

// segment adds what sc holds, resynchronising after each damaged span.
func (sv *salvaged) segment(name string, sc segmentScan, last bool) {
	for {
		for _, r := range sc.records {
			sv.items = append(sv.items, salvageItem{rec: r})
		}
		if sc.end >= len(sc.data) {
			return
		}
		span := ByteRange{Segment: name, From: int64(sc.end), To: int64(len(sc.data)), Reason: sc.flaw()}
		if last && sc.tornTail() {
			sv.torn = &span
			return
		}
		next := resync(sc.data, sc.end)
		span.To = int64(next)
		sv.items = append(sv.items, salvageItem{bad: &span})
		if next >= len(sc.data) {
			return
		}
		sc.format, sc.badHead = segmentFormat, false
		sc.records, sc.end = scanRecords(sc.data, next, segmentFormat)
	}
}

// resync returns the offset of the first whole record of the current
// format after from, or len(data). Its header's checksum makes a false
// start unlikely, and its payload's checksum must match too. Records of
// format 1 cannot be found this way: the rest of such a segment is lost.
func resync(data []byte, from int) int {
	for p := from + 1; p+walHeader <= len(data); p++ {
		if _, ok := framed(data[p:], segmentFormat); ok {
			return p
		}
	}
	return len(data)
}

// after fills rep's damage and losses and returns the intact records above
// applied, by sequence number. A damaged span followed by nothing intact
// may have held records after the last one: how many is unknown.
func (sv *salvaged) after(applied uint64, rep *RepairReport) []scannedRecord {
	rep.Torn = sv.torn
	var recs []scannedRecord
	last := applied
	for _, it := range sv.items {
		switch {
		case it.bad != nil:
			rep.Damaged = append(rep.Damaged, *it.bad)
			rep.LostUnknown = true
		case it.rec.seq > applied:
			recs = append(recs, it.rec)
			fallthrough
		default:
			rep.LostUnknown = false
			last = max(last, it.rec.seq)
		}
	}
	rep.LostAfter = last
	slices.SortStableFunc(recs, func(a, b scannedRecord) int { return cmp.Compare(a.seq, b.seq) })
	recs = slices.CompactFunc(recs, func(a, b scannedRecord) bool { return a.seq == b.seq })
	want := applied + 1
	for _, r := range recs {
		for ; want < r.seq; want++ {
			rep.Lost = append(rep.Lost, want)
		}
		want = r.seq + 1
	}
	return recs
}
