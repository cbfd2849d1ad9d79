package store

import (
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// PutStateAudited sets key to value in bucket and appends e to the audit log
// in one durable transaction, so that a record the audit log names is never
// missing from its bucket, nor the other way round. e's Seq is assigned and
// its Time is Options.Now when zero. The store does not retain value.
func (s *Store) PutStateAudited(bucket StateBucket, key string, value []byte, e AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = s.now()
	}
	r := auditRecord{Time: e.Time.UTC(), Actor: e.Actor, Action: e.Action, Indicator: e.Indicator,
		Reason: e.Reason, Objective: e.Objective, Rating: e.Rating}
	return s.updateState("put", bucket, key, func(b *bbolt.Bucket) error {
		if err := b.Put([]byte(key), slices.Clone(value)); err != nil {
			return err
		}
		audit := b.Tx().Bucket(bucketAudit)
		if err := appendAudit(audit, r); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		return nil
	})
}
