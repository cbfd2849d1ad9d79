package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// ReleaseMapped gives back the file pages the process touched through the
// store's memory map. Reading a whole store (the evaluator's start-up load,
// a backup) maps every page it reads into the process, where it counts in
// resident memory although it is page cache the kernel could share or
// reclaim. The pages stay cached: a later read faults them back in from
// memory, not from the disk. It is a no-op where unsupported.
func (s *Store) ReleaseMapped() error {
	// Inside a read transaction bbolt holds its map lock, so the mapping
	// cannot move or grow under the call.
	err := dbErr(s.db.View(func(tx *bbolt.Tx) error {
		return dropMapped(tx.DB().Info().Data, tx.Size())
	}))
	if err != nil {
		return fmt.Errorf("release mapped pages: %w", err)
	}
	return nil
}
