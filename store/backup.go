package store

import (
	"fmt"
	"io"

	"go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole store file to w, as of the
// moment it starts, and returns the bytes written. Writes continue meanwhile
// and are not in the copy. The copy is itself a store file, for Open.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("back up store %s: %w", s.path, dbErr(err))
	}
	return n, nil
}
