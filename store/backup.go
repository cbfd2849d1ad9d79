package store

import (
	"fmt"
	"io"
)

// Backup writes a consistent copy of the whole store file to w, as of the
// moment it starts, and returns the bytes written. Writes continue meanwhile
// and are not in the copy. The copy is itself a store file, for Open. If
// size is not nil it is told the copy's length before the first byte is
// written, so that an HTTP response can announce it and a cut transfer be
// detected. The copy does not say that a log goes with it (logmark.go).
func (s *Store) Backup(w io.Writer, size func(int64)) (int64, error) {
	if err := s.sync(); err != nil {
		return 0, fmt.Errorf("back up store %s: %w", s.path, err)
	}
	tx, remark, err := s.unmarkedSnapshot()
	if err != nil {
		return 0, fmt.Errorf("back up store %s: %w", s.path, err)
	}
	if size != nil {
		size(tx.Size())
	}
	n, err := tx.WriteTo(w)
	_ = tx.Rollback()
	if merr := remark(); merr != nil {
		s.log.Warn("mark the write-ahead log open again after a backup", "component", "store", "err", merr)
	}
	if err != nil {
		return n, fmt.Errorf("back up store %s: %w", s.path, dbErr(err))
	}
	return n, nil
}
