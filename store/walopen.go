package store

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// openWAL reads the log in dir, creating dir if missing, and returns the
// records it holds with a sequence number above applied, in order. A record
// torn by a crash during its write (segmentScan.tornTail) was never
// acknowledged: the segment is truncated before it, and only then. Any
// other flaw (damage, a record or a segment missing) is an error naming the
// segment, the byte and what is at stake, and nothing is changed on disk.
func openWAL(dir string, noSync bool, applied uint64, log *slog.Logger) (*wal, []walRecord, error) {
	l := &wal{dir: dir, noSync: noSync, log: log}
	if err := l.makeDir(); err != nil {
		return nil, nil, fmt.Errorf("create write-ahead log directory: %w", err)
	}
	segs, err := listSegments(dir)
	if err != nil {
		return nil, nil, err
	}
	l.segs = segs
	if len(segs) > 0 && segs[0] > applied+1 {
		return nil, nil, fmt.Errorf("write-ahead log %s starts at record %d, but the store file holds records up to %d: records %d to %d are missing (a segment deleted?): %s",
			dir, segs[0], applied, applied+1, segs[0]-1, repairHint(dir))
	}
	r := logReader{dir: dir, noSync: noSync, applied: applied, log: log, segs: segs}
	for i := range segs {
		if err := r.segment(i); err != nil {
			return nil, nil, err
		}
	}
	return l, r.recs, nil
}

// listSegments returns the first sequence number of each segment in dir,
// ascending, refusing any other file.
func listSegments(dir string) ([]uint64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read write-ahead log directory: %w", err)
	}
	var segs []uint64
	for _, e := range entries {
		first, err := strconv.ParseUint(e.Name(), 10, 64)
		if err != nil || len(e.Name()) != 20 || !e.Type().IsRegular() {
			return nil, fmt.Errorf("write-ahead log %s: unexpected file %s: move it away", dir, e.Name())
		}
		segs = append(segs, first)
	}
	slices.Sort(segs)
	return segs, nil
}

// repairHint is what to do about a damaged log in dir.
func repairHint(dir string) string {
	return fmt.Sprintf("acknowledged writes would be lost, so jalond will not start: run `jalonctl store repair %s` to keep every intact record (what it cannot keep is moved aside, never deleted), or restore a backup (docs/operations.md, \"Damaged store\")",
		filepath.Dir(dir))
}

// logReader reads the segments of a log in order, checking that their
// records follow one another.
type logReader struct {
	dir     string
	noSync  bool
	applied uint64
	log     *slog.Logger
	segs    []uint64
	want    uint64 // the sequence number the next record must have; 0 before the first
	recs    []walRecord
}

// segment reads segment i and keeps its records above applied.
func (r *logReader) segment(i int) error {
	first := r.segs[i]
	path := filepath.Join(r.dir, segmentName(first))
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read write-ahead log: %w", err)
	}
	sc, err := scanSegment(data)
	if err != nil {
		return fmt.Errorf("write-ahead log segment %s: %w", path, err)
	}
	if r.want != 0 && first != r.want && first > r.applied+1 {
		return r.damage(i-1, -1, fmt.Sprintf("segment ends before record %d, but the next one (%s) starts at record %d: records %d to %d are missing",
			r.want, segmentName(first), first, r.want, first-1))
	}
	r.want = first
	for _, rec := range sc.records {
		if rec.seq != r.want {
			return r.flawed(i, sc, rec.off, fmt.Sprintf("record %d where record %d was expected", rec.seq, r.want))
		}
		if err := r.keep(rec, path); err != nil {
			return err
		}
	}
	if sc.end < len(data) {
		return r.flawed(i, sc, sc.end, sc.flaw())
	}
	return nil
}

// keep decodes rec if it is not applied yet.
func (r *logReader) keep(rec scannedRecord, path string) error {
	r.want++
	if rec.seq <= r.applied {
		return nil
	}
	dec, err := decodeRecord(rec.payload)
	if err != nil {
		return fmt.Errorf("write-ahead log segment %s: record %d at byte %d: %w: %s", path, rec.seq, rec.off, err, repairHint(r.dir))
	}
	r.recs = append(r.recs, dec)
	return nil
}

// flawed handles a flaw at byte off of segment i: the tail of the last
// segment torn by a crash is cut off; a flaw in a segment whose records are
// all applied (the next one starts at or before applied+1) costs nothing;
// anything else is an error.
func (r *logReader) flawed(i int, sc segmentScan, off int, what string) error {
	path := filepath.Join(r.dir, segmentName(r.segs[i]))
	last := i == len(r.segs)-1
	switch {
	case last && off == sc.end && sc.tornTail():
		r.log.Warn("write-ahead log ends with an incomplete record, cut short by a crash before its write was acknowledged: removed",
			"component", "store", "segment", path, "offset", off, "bytes", len(sc.data)-off)
		if err := truncateFile(path, int64(off), r.noSync); err != nil {
			return fmt.Errorf("truncate write-ahead log: %w", err)
		}
		return nil
	case !last && r.segs[i+1] <= r.applied+1:
		r.log.Warn("write-ahead log segment damaged, but every record in it is already in the store file: ignored",
			"component", "store", "segment", path, "offset", off, "err", what)
		r.want = r.segs[i+1]
		return nil
	}
	return r.damage(i, off, what)
}

// damage is the error for a flaw at byte off of segment i (-1: at its
// end), with what follows it.
func (r *logReader) damage(i, off int, what string) error {
	path := filepath.Join(r.dir, segmentName(r.segs[i]))
	size := int64(0)
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	if off < 0 {
		off = int(size)
	}
	later, laterBytes := 0, int64(0)
	for _, first := range r.segs[i+1:] {
		if fi, err := os.Stat(filepath.Join(r.dir, segmentName(first))); err == nil {
			later, laterBytes = later+1, laterBytes+fi.Size()
		}
	}
	return fmt.Errorf("write-ahead log segment %s: %s at byte %d; at stake: %d bytes after it and %d later segments (%d bytes): %s",
		path, what, off, size-int64(off), later, laterBytes, repairHint(r.dir))
}
