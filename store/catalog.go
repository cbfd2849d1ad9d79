package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"go.etcd.io/bbolt"
)

// Revision is one stored version of an indicator definition.
type Revision struct {
	Rev        int       // from 1, per indicator
	Time       time.Time // when it was stored (Options.Now)
	Actor      string    // who stored it
	Reason     string    // why, free text
	Definition StoredIndicator
}

// revisionRecord is a revision as stored, without its number (the key).
type revisionRecord struct {
	Time       time.Time       `json:"time"`
	Actor      string          `json:"actor"`
	Reason     string          `json:"reason,omitempty"`
	Definition json.RawMessage `json:"definition"`
}

// PutIndicator stores def as the indicator's new revision, unless it equals
// the current one: then it returns the current revision and changed false,
// and writes nothing. A new revision is audited (ActionCatalog). It returns
// once the revision is committed.
func (s *Store) PutIndicator(def StoredIndicator, actor, reason string) (rev int, changed bool, err error) {
	if def.ID == "" {
		return 0, false, fmt.Errorf("put indicator: no id: %w", ErrInvalid)
	}
	data, err := json.Marshal(def.normalized())
	if err != nil {
		return 0, false, fmt.Errorf("put indicator %s: %w", def.ID, err)
	}
	// Most calls (every start-up) store an unchanged catalog: check in a
	// read transaction first, to spare a commit.
	err = s.db.View(func(tx *bbolt.Tx) error {
		rev, changed, err = currentRevision(tx.Bucket(bucketCatalog).Bucket([]byte(def.ID)), data)
		return err
	})
	if err == nil && changed {
		// The revision's audit entry must follow those of the writes
		// acknowledged before it.
		err = s.sync()
	}
	if err == nil && changed {
		err = s.db.Update(func(tx *bbolt.Tx) error {
			revs, err := tx.Bucket(bucketCatalog).CreateBucketIfNotExists([]byte(def.ID))
			if err != nil {
				return err
			}
			if rev, changed, err = currentRevision(revs, data); err != nil || !changed {
				return err
			}
			rev++
			return s.putRevision(tx, revs, def.ID, rev, revisionRecord{Time: s.now(), Actor: actor, Reason: reason, Definition: data})
		})
	}
	if err != nil {
		return 0, false, fmt.Errorf("put indicator %s: %w", def.ID, dbErr(err))
	}
	return rev, changed, nil
}

// currentRevision returns the current revision number in revs (0 if none)
// and whether data differs from it.
func currentRevision(revs *bbolt.Bucket, data []byte) (rev int, differs bool, err error) {
	if revs == nil {
		return 0, true, nil
	}
	k, v := revs.Cursor().Last()
	if k == nil {
		return 0, true, nil
	}
	r, err := decodeRevision(k, v)
	if err != nil {
		return 0, false, err
	}
	// Re-encode the stored definition, so that a field added to
	// StoredIndicator since it was written does not count as a change.
	cur, err := json.Marshal(r.Definition)
	if err != nil {
		return 0, false, err
	}
	return r.Rev, !bytes.Equal(cur, data), nil
}

func (s *Store) putRevision(tx *bbolt.Tx, revs *bbolt.Bucket, id string, rev int, r revisionRecord) error {
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := revs.Put(putUint64(nil, uint64(rev)), v); err != nil {
		return err
	}
	return appendAudit(tx.Bucket(bucketAudit), auditRecord{Time: r.Time, Actor: r.Actor,
		Action: ActionCatalog, Indicator: id, Rev: rev, Reason: r.Reason})
}

func decodeRevision(k, v []byte) (Revision, error) {
	var r revisionRecord
	out := Revision{Rev: int(getUint64(k))}
	if err := json.Unmarshal(v, &r); err != nil {
		return out, fmt.Errorf("decode revision %d: %w", out.Rev, err)
	}
	if err := json.Unmarshal(r.Definition, &out.Definition); err != nil {
		return out, fmt.Errorf("decode revision %d: %w", out.Rev, err)
	}
	out.Time, out.Actor, out.Reason = r.Time, r.Actor, r.Reason
	return out, nil
}

// Indicators returns the current revision of every stored indicator, by id.
func (s *Store) Indicators() (map[string]Revision, error) {
	out := make(map[string]Revision)
	err := s.db.View(func(tx *bbolt.Tx) error {
		cat := tx.Bucket(bucketCatalog)
		return cat.ForEachBucket(func(id []byte) error {
			k, v := cat.Bucket(id).Cursor().Last()
			if k == nil {
				return nil
			}
			r, err := decodeRevision(k, v)
			if err != nil {
				return fmt.Errorf("indicator %s: %w", id, err)
			}
			out[string(id)] = r
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", dbErr(err))
	}
	return out, nil
}

// Revisions returns every revision of an indicator, oldest first, or
// ErrNotFound.
func (s *Store) Revisions(id string) ([]Revision, error) {
	var out []Revision
	err := s.db.View(func(tx *bbolt.Tx) error {
		revs := tx.Bucket(bucketCatalog).Bucket([]byte(id))
		if revs == nil {
			return ErrNotFound
		}
		return revs.ForEach(func(k, v []byte) error {
			r, err := decodeRevision(k, v)
			out = append(out, r)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read revisions of %s: %w", id, dbErr(err))
	}
	return out, nil
}
