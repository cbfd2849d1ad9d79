package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// The write-ahead log. A Write is acknowledged once its measurements are
// appended to the log and the log is fsynced: a small sequential write,
// shared by every Write of a group. The bbolt file receives them later, in
// large transactions (apply.go), where a series' leaf page is rewritten once
// for many points instead of once per point. This is what makes durable
// single-point pushes cheap; Prometheus' head block does the same with its
// WAL.
//
// The log is a directory of segment files next to the store file
// ("<file>-wal/"), each named by the sequence number of its first record
// (20 decimal digits); walframe.go describes what they hold. A payload is
// one group of writes (encodeRecord). Sequence numbers grow by one per
// record; the meta bucket's "wal" key holds the last one applied to the
// bbolt file, in the same transaction as its points, so a record is applied
// exactly once even if the daemon dies between the two. Segments whose
// records are all applied are deleted.

// walSegmentSize is the size past which the log starts a new segment. It
// bounds what a segment deletion waits for, and the replay's memory. A
// variable so that tests can shrink it.
var walSegmentSize int64 = 16 << 20

// walRecord is one logged group of writes.
type walRecord struct {
	seq  uint64
	now  time.Time // the group's time: audit entries, revisions, arrivals
	reqs []walRequest
}

// walRequest is one Write call of a group.
type walRequest struct {
	actor string
	ms    []indicators.Measurement
}

// points counts the measurements of r.
func (r *walRecord) points() int {
	n := 0
	for _, q := range r.reqs {
		n += len(q.ms)
	}
	return n
}

// errCorruptRecord reports a payload whose CRC matched but whose content
// does not decode: a bug rather than a torn write.
var errCorruptRecord = errors.New("malformed record")

// decodeRecord decodes a payload; its strings are copies.
func decodeRecord(p []byte) (walRecord, error) {
	d := decoder{b: p}
	rec := walRecord{seq: d.uint64(), now: time.Unix(0, int64(d.uint64())).UTC()}
	n := d.count()
	rec.reqs = make([]walRequest, 0, n)
	for range n {
		q := walRequest{actor: d.string()}
		nm := d.count()
		q.ms = make([]indicators.Measurement, nm)
		for i := range q.ms {
			m := &q.ms[i]
			m.Indicator = d.string()
			if nl := d.count(); nl > 0 {
				m.Labels = make(indicators.Labels, nl)
				for j := range m.Labels {
					m.Labels[j] = indicators.Label{Name: d.string(), Value: d.string()}
				}
			}
			m.Time = time.Unix(0, int64(d.uint64())).UTC()
			m.Value = math.Float64frombits(d.uint64())
			setMeta(m, d.string())
		}
		rec.reqs = append(rec.reqs, q)
	}
	if d.bad || len(d.b) != 0 {
		return walRecord{}, errCorruptRecord
	}
	return rec, nil
}

// decoder reads a payload; a short or malformed one sets bad and yields
// zero values, so that decodeRecord checks once at the end.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) uint64() uint64 {
	if len(d.b) < 8 {
		d.bad, d.b = true, nil
		return 0
	}
	v := binary.BigEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length that must fit in what is left of the payload: each
// counted item takes at least one byte, so a corrupt count cannot make
// decodeRecord allocate more than the payload's size.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return 0
	}
	return int(n)
}

func (d *decoder) string() string {
	n := d.count()
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// wal is the open log. The writer goroutine appends; the applier deletes
// segments it has applied.
type wal struct {
	dir    string
	noSync bool
	log    *slog.Logger

	f    *os.File // the segment being appended to; writer only
	size int64    // its size; writer only
	// broken is set when a write or fsync failed and the segment could not
	// be cut back: the log's state on disk is unknown, so no further write
	// is acknowledged. writer only.
	broken error

	mu   sync.Mutex
	segs []uint64 // first sequence number of each segment file, ascending
}

// walDir is the log directory of the store file at path.
func walDir(path string) string { return path + "-wal" }

func segmentName(first uint64) string { return fmt.Sprintf("%020d", first) }

func truncateFile(path string, size int64, noSync bool) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	err = f.Truncate(size)
	if err == nil && !noSync {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// start begins a new segment whose first record will be next, after every
// earlier segment has been applied and removed.
func (l *wal) start(next uint64) error {
	return l.rotate(next)
}

// rotate creates the next segment, makes its directory entry durable
// before any record relies on it, then closes the current one. On failure
// the new file is removed and the current segment stays in use, so that the
// next write tries again from the same state.
func (l *wal) rotate(next uint64) error {
	path := filepath.Join(l.dir, segmentName(next))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	// The header becomes durable with the first record's fsync: a crash
	// before it leaves the last segment empty or with part of its header,
	// which Open takes for what it is, a segment never written to.
	_, err = f.Write(segmentMagic)
	if err == nil {
		err = l.syncDir()
	}
	if err != nil {
		return errors.Join(err, f.Close(), os.Remove(path))
	}
	if l.f != nil {
		// Its records are fsynced: a failed close loses nothing.
		if err := l.f.Close(); err != nil {
			l.log.Warn("close write-ahead log segment", "component", "store", "err", err)
		}
	}
	l.f, l.size = f, int64(len(segmentMagic))
	l.mu.Lock()
	l.segs = append(l.segs, next)
	l.mu.Unlock()
	return nil
}

func (l *wal) syncDir() error { return dirSync(l.dir, l.noSync) }

// dirSync, segmentWrite and segmentSync are variables so that tests can
// make them fail.
var (
	dirSync      = syncDir
	segmentWrite = (*os.File).Write
	segmentSync  = fdatasync
)

func syncDir(dir string, noSync bool) error {
	if noSync {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// makeDir creates the log directory if missing, with its entry in the
// parent made durable: records acknowledged in a directory a power cut
// forgets would be lost without a trace.
func (l *wal) makeDir() error {
	if _, err := os.Stat(l.dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(l.dir, 0o700); err != nil {
		return err
	}
	return syncDir(filepath.Dir(l.dir), l.noSync)
}

// write appends framed records and makes them durable. On failure the
// segment is cut back to where it was, so that a later write does not
// follow a torn one; if that fails too, the log refuses every later write.
func (l *wal) write(b []byte, next uint64) error {
	if l.broken != nil {
		return l.broken
	}
	if l.size >= walSegmentSize && l.size > int64(len(segmentMagic)) {
		if err := l.rotate(next); err != nil {
			return fmt.Errorf("start write-ahead log segment: %w", err)
		}
	}
	_, werr := segmentWrite(l.f, b)
	var serr error
	if werr == nil && !l.noSync {
		serr = segmentSync(l.f)
	}
	if err := cmp.Or(werr, serr); err != nil {
		// Cut the segment back to its last whole record, durably, so that
		// neither a later record nor a crash finds the refused one.
		terr := l.f.Truncate(l.size)
		if terr == nil && !l.noSync {
			terr = segmentSync(l.f)
		}
		switch {
		case terr != nil:
			l.broken = fmt.Errorf("write-ahead log unusable after a failed write (%v) and a failed truncation (%v): restart jalond", err, terr)
		case serr != nil:
			// After a failed fsync the kernel may have dropped dirty pages,
			// earlier records' too: what the file holds is unknown until it
			// is read back, at the next start. A failed write (a full disk)
			// leaves nothing unknown, and the next write may succeed.
			l.broken = fmt.Errorf("write-ahead log unusable after a failed fsync (%v): restart jalond", serr)
		}
		return fmt.Errorf("write-ahead log: %w", err)
	}
	l.size += int64(len(b))
	return nil
}

// removeThrough deletes the segments whose records all have a sequence
// number up to applied: those followed by a segment starting at or before
// applied+1. The segment being written is never deleted.
func (l *wal) removeThrough(applied uint64) {
	l.mu.Lock()
	var drop []uint64
	for len(l.segs) > 1 && l.segs[1] <= applied+1 {
		drop = append(drop, l.segs[0])
		l.segs = l.segs[1:]
	}
	l.mu.Unlock()
	for _, first := range drop {
		if err := os.Remove(filepath.Join(l.dir, segmentName(first))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			l.log.Warn("remove applied write-ahead log segment", "component", "store", "err", err)
		}
	}
}

// removeAll deletes every segment: all are applied. The writer must be
// stopped.
func (l *wal) removeAll() error {
	if l.f != nil {
		if err := l.f.Close(); err != nil {
			return err
		}
		l.f = nil
	}
	l.mu.Lock()
	segs := l.segs
	l.segs = nil
	l.mu.Unlock()
	var errs []error
	for _, first := range segs {
		if err := os.Remove(filepath.Join(l.dir, segmentName(first))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(append(errs, l.syncDir())...)
}

// close closes the current segment, keeping the files.
func (l *wal) close() error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
