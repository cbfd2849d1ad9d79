package store

import (
	"cmp"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// StateChange is one change of UpdateState: Value put under Key in Bucket,
// or Key removed when Delete is set.
type StateChange struct {
	Bucket StateBucket
	Key    string
	Value  []byte
	Delete bool
}

// UpdateState applies changes in one transaction committed (and fsynced)
// before it returns: all of them or none. Alerting needs this to record an
// alert's new state and the notification it causes together, so that a
// crash between the two neither loses the notification nor sends it twice.
// Changes to the same key apply in slice order. The store does not retain
// the values.
func (s *Store) UpdateState(changes []StateChange) error {
	for _, c := range changes {
		if err := checkState(c.Bucket, c.Key); err != nil {
			return fmt.Errorf("update state %s/%s: %w", c.Bucket, c.Key, err)
		}
	}
	// bbolt inserts into a sorted slice per node until the commit splits
	// it: keys in random order cost a copy of the node per key, quadratic
	// in a large batch (90 000 random keys took 75 s), sorted keys append.
	changes = slices.Clone(changes)
	slices.SortStableFunc(changes, func(a, b StateChange) int {
		return cmp.Or(cmp.Compare(a.Bucket, b.Bucket), cmp.Compare(a.Key, b.Key))
	})
	err := s.db.Update(func(tx *bbolt.Tx) error {
		for _, c := range changes {
			b := tx.Bucket([]byte(c.Bucket))
			var err error
			if c.Delete {
				err = b.Delete([]byte(c.Key))
			} else {
				err = b.Put([]byte(c.Key), slices.Clone(c.Value))
			}
			if err != nil {
				return fmt.Errorf("%s/%s: %w", c.Bucket, c.Key, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update state (%d changes): %w", len(changes), dbErr(err))
	}
	return nil
}
