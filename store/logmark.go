package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// The log marker: the meta key "walopen" says that a write-ahead log goes
// with the file, one that may hold acknowledged writes the file lacks. It
// is set before a run logs its first record (a commit once per run, not per
// Open) and removed by a clean Close before the segments are, so a file
// marked without segments beside it lost its log (deleted, or left behind
// in a copy) and Open refuses it. A backup is copied from a snapshot
// without the marker: the copy is a whole store, and opens anywhere
// without a log.

// markLog sets the marker, unless it is set or Close has removed it for
// good.
func (s *Store) markLog() error {
	s.markMu.Lock()
	defer s.markMu.Unlock()
	if s.markFinal || s.marked {
		return nil
	}
	if err := s.putMark(true); err != nil {
		return fmt.Errorf("mark the store file as having a write-ahead log: %w", err)
	}
	s.marked = true
	return nil
}

// unmarkLog removes the marker for good: the log is about to be emptied.
func (s *Store) unmarkLog() error {
	s.markMu.Lock()
	defer s.markMu.Unlock()
	s.markFinal = true
	if !s.marked {
		return nil
	}
	if err := s.putMark(false); err != nil {
		return err
	}
	s.marked = false
	return nil
}

func (s *Store) putMark(open bool) error {
	return dbErr(s.db.Update(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if open {
			return meta.Put(keyWALOpen, []byte{})
		}
		return meta.Delete(keyWALOpen)
	}))
}

// unmarkedSnapshot begins a read transaction on a snapshot of the file
// without the marker, and puts the marker back at once. The caller rolls
// the transaction back, then calls remark, which waits for the marker: the
// transaction that puts it back may have to wait for the read to end (to
// grow the file's mapping).
func (s *Store) unmarkedSnapshot() (tx *bbolt.Tx, remark func() error, err error) {
	s.markMu.Lock()
	was := s.marked
	if was {
		if err = s.putMark(false); err == nil {
			s.marked = false
		}
	}
	if err == nil {
		tx, err = s.db.Begin(false)
	}
	s.markMu.Unlock()
	done := make(chan error, 1)
	if was {
		go func() { done <- s.markLog() }()
	} else {
		done <- nil
	}
	if err != nil {
		return nil, nil, dbErr(err)
	}
	return tx, func() error { return <-done }, nil
}
