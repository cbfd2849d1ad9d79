package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"time"
)

// Segment formats. A segment of format 2 (this release) starts with the 8
// bytes of segmentMagic, the last of which is the format, and frames each
// record as
//
//	uint32 payload length ‖ uint32 CRC-32C of the payload ‖
//	uint32 CRC-32C of the 8 bytes before ‖ payload
//
// The header's own checksum covers the length, so that a damaged length is
// caught before it is believed: without it, a length flipped to run past
// the end of the file looks like a write torn by a crash, and everything
// after it would be dropped (Prometheus' and etcd's logs check their
// lengths the same way). A segment of format 1 (the releases before) has
// no header and frames records as length ‖ CRC-32C of the payload; it is
// still read, so that the first start after an upgrade replays what a
// crash left. Its first byte is a length's high byte: zero.
const (
	segmentFormat     = 2
	legacyFormat      = 1
	walHeader         = 12 // a record's frame before its payload
	legacyFrameHeader = 8
	minPayload        = 16 // a record's sequence number and time
)

var segmentMagic = []byte{0xff, 'J', 'A', 'L', 'W', 'A', 'L', segmentFormat}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// appendRecord appends the frame and payload of the record (seq, now, reqs)
// to b. Times are Unix nanoseconds, which hold every time the store accepts.
func appendRecord(b []byte, seq uint64, now time.Time, reqs []*writeReq) []byte {
	start := len(b)
	b = append(b, make([]byte, walHeader)...)
	b = binary.BigEndian.AppendUint64(b, seq)
	b = binary.BigEndian.AppendUint64(b, uint64(now.UnixNano()))
	b = binary.AppendUvarint(b, uint64(len(reqs)))
	for _, r := range reqs {
		b = appendString(b, r.actor)
		b = binary.AppendUvarint(b, uint64(len(r.ms)))
		for i := range r.ms {
			m := &r.ms[i]
			b = appendString(b, m.Indicator)
			b = binary.AppendUvarint(b, uint64(len(m.Labels)))
			for _, l := range m.Labels {
				b = appendString(appendString(b, l.Name), l.Value)
			}
			b = binary.BigEndian.AppendUint64(b, uint64(m.Time.UnixNano()))
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(m.Value))
			b = appendStoredString(b, m)
		}
	}
	payload := b[start+walHeader:]
	putFrame(b[start:start+walHeader], payload)
	return b
}

// putFrame writes the frame header of payload into h.
func putFrame(h, payload []byte) {
	binary.BigEndian.PutUint32(h, uint32(len(payload)))
	binary.BigEndian.PutUint32(h[4:], crc32.Checksum(payload, castagnoli))
	binary.BigEndian.PutUint32(h[8:], crc32.Checksum(h[:8], castagnoli))
}

// framed returns the payload of the record at the start of b, in the given
// segment format, if it is whole and its checksums match.
func framed(b []byte, format int) ([]byte, bool) {
	hdr := walHeader
	if format == legacyFormat {
		hdr = legacyFrameHeader
	}
	if len(b) < hdr {
		return nil, false
	}
	if format != legacyFormat && crc32.Checksum(b[:8], castagnoli) != binary.BigEndian.Uint32(b[8:]) {
		return nil, false
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(n) > uint64(len(b)-hdr) || n < minPayload {
		return nil, false
	}
	p := b[hdr : hdr+int(n)]
	return p, crc32.Checksum(p, castagnoli) == binary.BigEndian.Uint32(b[4:])
}

// frameSize is the size of the frame header in format.
func frameSize(format int) int {
	if format == legacyFormat {
		return legacyFrameHeader
	}
	return walHeader
}

// scannedRecord is a whole record found in a segment.
type scannedRecord struct {
	off     int // of its frame
	seq     uint64
	payload []byte
}

// segmentScan is what a segment holds up to its first flaw.
type segmentScan struct {
	data    []byte
	format  int
	body    int  // where records start, after the segment header
	badHead bool // the segment header is damaged or incomplete: end is 0
	records []scannedRecord
	end     int // the first byte not in a whole record; len(data) if none
}

// scanSegment reads the records of a segment up to the first that is not
// whole. A header of an unknown format is an error; a damaged one ends the
// scan at byte 0.
func scanSegment(data []byte) (segmentScan, error) {
	sc := segmentScan{data: data, format: segmentFormat}
	switch {
	case len(data) > 0 && data[0] == 0:
		// A length below 16 MiB: format 1 wrote no larger record.
		sc.format = legacyFormat
	case len(data) >= len(segmentMagic) && bytes.Equal(data[:len(segmentMagic)-1], segmentMagic[:len(segmentMagic)-1]):
		if f := data[len(segmentMagic)-1]; f != segmentFormat {
			return sc, fmt.Errorf("segment format %d, supported %d: written by a newer jalond", f, segmentFormat)
		}
		sc.body = len(segmentMagic)
	case len(data) > 0:
		sc.badHead = true
		return sc, nil
	}
	sc.records, sc.end = scanRecords(data, sc.body, sc.format)
	return sc, nil
}

// scanRecords reads whole records from data[off:], up to the first that is
// not, and returns them with the offset where they stop.
func scanRecords(data []byte, off, format int) ([]scannedRecord, int) {
	var recs []scannedRecord
	for off < len(data) {
		p, ok := framed(data[off:], format)
		if !ok {
			break
		}
		recs = append(recs, scannedRecord{off: off, seq: binary.BigEndian.Uint64(p), payload: p})
		off += frameSize(format) + len(p)
	}
	return recs, off
}

// tornTail reports whether what follows the segment's last whole record is
// what a crash during the segment's last write leaves, and only that: each
// write appends one record and is fsynced before the next begins, so only
// the last can be incomplete. It is torn if it is shorter than a frame
// header (or a segment header), zeros to the end of the file (space the
// file system allocated but never wrote), or a frame whose header is intact
// but whose record runs past the end of the file. A record that fails its
// checksum with its length intact, or any flaw with bytes after it, is
// damage.
func (sc *segmentScan) tornTail() bool {
	rest := sc.data[sc.end:]
	if len(rest) == 0 || allZero(rest) {
		return true
	}
	if sc.badHead {
		// The segment header itself: torn if it is a prefix of the magic.
		return len(rest) < len(segmentMagic) && bytes.HasPrefix(segmentMagic, rest)
	}
	hdr := frameSize(sc.format)
	if len(rest) < hdr {
		return true
	}
	if sc.format != legacyFormat && crc32.Checksum(rest[:8], castagnoli) != binary.BigEndian.Uint32(rest[8:]) {
		return false
	}
	return uint64(binary.BigEndian.Uint32(rest)) > uint64(len(rest)-hdr)
}

// flaw describes what is wrong at the end of the scan, for a message.
func (sc *segmentScan) flaw() string {
	rest := sc.data[sc.end:]
	hdr := frameSize(sc.format)
	switch {
	case sc.badHead:
		return "damaged segment header"
	case len(rest) < hdr:
		return "record header cut short"
	case allZero(rest[:hdr]):
		return "zeroed record header"
	case sc.format != legacyFormat && crc32.Checksum(rest[:8], castagnoli) != binary.BigEndian.Uint32(rest[8:]):
		return "record header fails its checksum"
	}
	n := uint64(binary.BigEndian.Uint32(rest))
	switch {
	case n > uint64(len(rest)-hdr):
		return fmt.Sprintf("record of %d bytes runs past the end of the segment", n)
	case n < minPayload:
		return fmt.Sprintf("record of %d bytes is too short", n)
	}
	return "record fails its checksum"
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
