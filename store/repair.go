package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"go.etcd.io/bbolt"
)

// RepairReport says what Repair found and did.
type RepairReport struct {
	// Applied is the last record the store file held before the repair.
	Applied uint64
	// Kept and KeptPoints count the intact records above Applied that were
	// replayed into the file, and their measurements.
	Kept, KeptPoints int
	// Lost lists the sequence numbers of records known to be lost: missing
	// between intact ones, or unreadable.
	Lost []uint64
	// LostAfter is set when damage follows the last intact record: records
	// after LostAfter may have been lost there, how many is unknown.
	LostAfter uint64
	// LostUnknown says whether LostAfter applies.
	LostUnknown bool
	// Damaged lists the byte ranges that could not be read.
	Damaged []ByteRange
	// Torn is the incomplete last record of the log, cut short by a crash
	// before its write was acknowledged; nil if none.
	Torn *ByteRange
	// LogMissing says that the store expected a log and none was there.
	LogMissing bool
	// NoStore says that there was neither a store file nor a log: nothing
	// to repair, and nothing was created.
	NoStore bool
	// MovedTo is the directory the log's segments were moved to; empty if
	// none was moved.
	MovedTo string
}

// ByteRange is a span of a log segment, [From, To).
type ByteRange struct {
	Segment  string
	From, To int64
	Reason   string
}

// Repaired says whether Repair changed anything.
func (r *RepairReport) Repaired() bool { return r.MovedTo != "" || r.LogMissing }

// Repair makes the store file at path and its write-ahead log open again
// after damage, keeping every intact record: it replays the records it can
// read, in order of sequence number, into the file, then moves every
// segment of the log aside into "<file>-wal.damaged-<time>/" (never
// deleting one) and leaves an empty log. A store that expected a log and
// has none is accepted as it is (a restored backup). A log Open would
// accept is left alone. The store file itself cannot be repaired: a damaged
// one is an error saying to restore the backup first. The daemon must be
// stopped: ErrLocked if it holds the file.
func Repair(path string, opts Options) (rep RepairReport, err error) {
	opts = opts.withDefaults()
	if _, err := checkFiles(path); err != nil {
		return rep, fmt.Errorf("repair store %s: the store file itself cannot be repaired (once a backup is in its place, repair replays the log onto it): %w", path, err)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		rep.NoStore = true
		return rep, nil
	}
	db, err := openBolt(path, opts)
	if err != nil {
		return rep, fmt.Errorf("repair store %s: %w", path, err)
	}
	s := &Store{path: path, db: db, log: opts.Logger, now: opts.Now, recentN: opts.RecentPoints}
	err = guard(func() error { return s.repair(&rep) })
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rep, fmt.Errorf("repair store %s: %w", path, err)
	}
	return rep, nil
}

// repair is Repair on the open file.
func (s *Store) repair(rep *RepairReport) error {
	if _, err := s.migrate(); err != nil {
		return err
	}
	var marked bool
	if err := s.db.View(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		rep.Applied, marked = getUint64(meta.Get(keyWALApplied)), meta.Get(keyWALOpen) != nil
		return nil
	}); err != nil {
		return err
	}
	dir := walDir(s.path)
	if countSegments(dir) == 0 {
		rep.LogMissing = marked
		return s.emptyLog(dir)
	}
	found, err := salvageLog(dir)
	if err != nil {
		return err
	}
	recs := found.after(rep.Applied, rep)
	if len(rep.Damaged) == 0 && len(rep.Lost) == 0 && !rep.LostUnknown {
		return nil // nothing Open would refuse
	}
	if err := s.replayKept(recs, rep); err != nil {
		return err
	}
	if rep.MovedTo, err = moveAside(dir, s.now()); err != nil {
		return err
	}
	return s.emptyLog(dir)
}

// emptyLog leaves an empty log directory and the file unmarked: no log
// goes with it any more.
func (s *Store) emptyLog(dir string) error {
	l := &wal{dir: dir}
	if err := l.makeDir(); err != nil {
		return fmt.Errorf("create write-ahead log directory: %w", err)
	}
	return s.putMark(false)
}

// replayKept decodes and applies recs in transactions of about applyBatch
// points; an undecodable record is lost.
func (s *Store) replayKept(recs []scannedRecord, rep *RepairReport) error {
	var dec []walRecord
	for _, r := range recs {
		d, err := decodeRecord(r.payload)
		if err != nil {
			rep.Lost = append(rep.Lost, r.seq)
			continue
		}
		dec = append(dec, d)
		rep.Kept++
		rep.KeptPoints += d.points()
	}
	slices.Sort(rep.Lost)
	if len(dec) == 0 {
		return nil
	}
	if _, err := s.replay(dec); err != nil {
		return fmt.Errorf("replay write-ahead log: %w", err)
	}
	return nil
}

// moveAside moves every segment of the log in dir into a new directory
// beside it, and returns that directory.
func moveAside(dir string, now time.Time) (string, error) {
	aside := dir + ".damaged-" + now.UTC().Format("20060102T150405Z")
	if err := os.Mkdir(aside, 0o700); err != nil {
		return "", fmt.Errorf("move the damaged log aside: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(aside, e.Name())); err != nil {
			return "", fmt.Errorf("move the damaged log aside: %w", err)
		}
	}
	return aside, errors.Join(syncDir(aside, false), syncDir(dir, false), syncDir(filepath.Dir(dir), false))
}
