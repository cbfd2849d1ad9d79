package store

import (
	"fmt"
	"io"

	"go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole store file to w, as of the
// moment it starts, and returns the bytes written. Writes continue meanwhile
// and are not in the copy. The copy is itself a store file, for Open. If
// size is not nil it is told the copy's length before the first byte is
// written, so that an HTTP response can announce it and a cut transfer be
// detected.
func (s *Store) Backup(w io.Writer, size func(int64)) (int64, error) {
	var n int64
	if err := s.sync(); err != nil {
		return 0, fmt.Errorf("back up store %s: %w", s.path, err)
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		if size != nil {
			size(tx.Size())
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("back up store %s: %w", s.path, dbErr(err))
	}
	return n, nil
}
