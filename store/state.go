package store

import (
	"bytes"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// StateBucket names a bucket of opaque key → value state kept for another
// package: alert states, the notification outbox, collector state. Keys are
// non-empty strings ordered bytewise; values belong to the owning package.
type StateBucket string

// The state buckets.
const (
	StateAlerts     StateBucket = "alerts"
	StateOutbox     StateBucket = "outbox"
	StateCollectors StateBucket = "collectors"
	StateLogin      StateBucket = "login" // the key that signs the pages' login sessions
	// StateAssessments keeps every owners' assessment ever recorded.
	StateAssessments StateBucket = "assessments"
)

func (b StateBucket) valid() bool {
	return b == StateAlerts || b == StateOutbox || b == StateCollectors || b == StateLogin || b == StateAssessments
}

// updateState runs fn on a state bucket in a write transaction, committed
// (and fsynced) before it returns.
func (s *Store) updateState(op string, bucket StateBucket, key string, fn func(b *bbolt.Bucket) error) error {
	err := checkState(bucket, key)
	if err == nil {
		err = s.db.Update(func(tx *bbolt.Tx) error { return fn(tx.Bucket([]byte(bucket))) })
	}
	if err != nil {
		return fmt.Errorf("%s state %s/%s: %w", op, bucket, key, dbErr(err))
	}
	return nil
}

func checkState(bucket StateBucket, key string) error {
	switch {
	case !bucket.valid():
		return fmt.Errorf("unknown state bucket: %w", ErrInvalid)
	case key == "":
		return fmt.Errorf("empty key: %w", ErrInvalid)
	}
	return nil
}

// PutState sets key to value in bucket, durably. The store does not retain
// value.
func (s *Store) PutState(bucket StateBucket, key string, value []byte) error {
	return s.updateState("put", bucket, key, func(b *bbolt.Bucket) error {
		return b.Put([]byte(key), slices.Clone(value))
	})
}

// DeleteState removes key from bucket, durably; a missing key is no error.
func (s *Store) DeleteState(bucket StateBucket, key string) error {
	return s.updateState("delete", bucket, key, func(b *bbolt.Bucket) error {
		return b.Delete([]byte(key))
	})
}

// GetState returns a copy of the value of key in bucket, or ErrNotFound.
func (s *Store) GetState(bucket StateBucket, key string) ([]byte, error) {
	var out []byte
	err := checkState(bucket, key)
	if err == nil {
		err = s.db.View(func(tx *bbolt.Tx) error {
			v := tx.Bucket([]byte(bucket)).Get([]byte(key))
			if v == nil {
				return ErrNotFound
			}
			out = bytes.Clone(v)
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("get state %s/%s: %w", bucket, key, dbErr(err))
	}
	return out, nil
}

// ListState calls fn, in key order, for each key of bucket that starts with
// prefix ("" for all), within one read transaction. value is a copy fn may
// keep. It stops at fn's first error and returns it.
func (s *Store) ListState(bucket StateBucket, prefix string, fn func(key string, value []byte) error) error {
	if !bucket.valid() {
		return fmt.Errorf("list state %s: unknown state bucket: %w", bucket, ErrInvalid)
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		p := []byte(prefix)
		c := tx.Bucket([]byte(bucket)).Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			if err := fn(string(k), bytes.Clone(v)); err != nil {
				return err
			}
		}
		return nil
	})
	return dbErr(err)
}
