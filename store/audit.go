package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// Action is what an audit entry records.
type Action string

// The audited actions.
const (
	// ActionPush is a Write that added or revised points: its counts and
	// the indicators it touched.
	ActionPush Action = "push"
	// ActionRevise is one point whose value a Write replaced: the point,
	// the old value and source, the new ones.
	ActionRevise Action = "revise"
	// ActionCatalog is a new revision of an indicator definition.
	ActionCatalog Action = "catalog"
	// ActionAssess is an owners' assessment of an objective (and, with
	// Indicator, of one of its indicators): its rating and comment.
	ActionAssess Action = "assess"
)

// AuditEntry is one entry of the append-only audit log. Which fields are set
// depends on Action.
type AuditEntry struct {
	Seq    uint64    // position in the log, from 1, without gaps
	Time   time.Time // wall-clock time of the write (Options.Now)
	Actor  string
	Action Action

	New, Revised int      // push: points added and revised
	Indicators   []string // push: indicators written, in first-seen order

	Indicator string            // revise, catalog
	Labels    indicators.Labels // revise
	At        time.Time         // revise: the time the point refers to
	Old       float64           // revise: the value replaced
	Value     float64           // revise: the new value
	OldSource string            // revise
	Source    string            // revise
	Meta      PointMeta         // revise: the new value's start, qualifier and source URL
	Rev       int               // catalog: the new revision
	Reason    string            // catalog, delete
	Removed   []RemovedPoint    // delete: the points removed; At is set for one point
	Objective string            // assess
	Rating    string            // assess
}

// auditRecord is an audit entry as stored, without its sequence (the key).
type auditRecord struct {
	Time       time.Time      `json:"time"`
	Actor      string         `json:"actor"`
	Action     Action         `json:"action"`
	New        int            `json:"new,omitempty"`
	Revised    int            `json:"revised,omitempty"`
	Indicators []string       `json:"indicators,omitempty"`
	Indicator  string         `json:"indicator,omitempty"`
	Labels     [][2]string    `json:"labels,omitempty"`
	At         time.Time      `json:"at,omitzero"`
	Old        float64        `json:"old,omitempty"`
	Value      float64        `json:"value,omitempty"`
	OldSource  string         `json:"old_source,omitempty"`
	Source     string         `json:"source,omitempty"`
	Start      time.Time      `json:"start,omitzero"`
	Qualifier  string         `json:"qualifier,omitempty"`
	SourceURL  string         `json:"source_url,omitempty"`
	Rev        int            `json:"rev,omitempty"`
	Reason     string         `json:"reason,omitempty"`
	Removed    []RemovedPoint `json:"removed,omitempty"`
	Objective  string         `json:"objective,omitempty"`
	Rating     string         `json:"rating,omitempty"`
}

func labelPairs(ls indicators.Labels) [][2]string {
	pairs := make([][2]string, len(ls))
	for i, l := range ls {
		pairs[i] = [2]string{l.Name, l.Value}
	}
	return pairs
}

func (r auditRecord) entry(seq uint64) AuditEntry {
	e := AuditEntry{Seq: seq, Time: r.Time, Actor: r.Actor, Action: r.Action,
		New: r.New, Revised: r.Revised, Indicators: r.Indicators, Indicator: r.Indicator,
		At: r.At, Old: r.Old, Value: r.Value, OldSource: r.OldSource, Source: r.Source,
		Rev: r.Rev, Reason: r.Reason, Removed: r.Removed, Objective: r.Objective, Rating: r.Rating}
	e.Meta.Start, e.Meta.SourceURL = r.Start, r.SourceURL
	e.Meta.Qualifier, _ = indicators.ParseQualifier(r.Qualifier)
	for _, p := range r.Labels {
		e.Labels = append(e.Labels, indicators.Label{Name: p[0], Value: p[1]})
	}
	return e
}

// appendAudit appends r to the audit log of the transaction.
func appendAudit(audit *bbolt.Bucket, r auditRecord) error {
	seq, err := audit.NextSequence()
	if err != nil {
		return err
	}
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode audit entry: %w", err)
	}
	return audit.Put(putUint64(nil, seq), data)
}

func (w *writeTx) appendAudit(r auditRecord) error { return appendAudit(w.audit, r) }

// Audit returns up to limit entries of the audit log, oldest first, starting
// at sequence from (0 or 1: the beginning). A limit of zero or less means
// 1000. The next page starts at the last entry's Seq + 1.
func (s *Store) Audit(from uint64, limit int) ([]AuditEntry, error) {
	if limit <= 0 {
		limit = 1000
	}
	var out []AuditEntry
	if err := s.sync(); err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Seek(putUint64(nil, from)); k != nil && len(out) < limit; k, v = c.Next() {
			var r auditRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode audit entry %d: %w", getUint64(k), err)
			}
			out = append(out, r.entry(getUint64(k)))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", dbErr(err))
	}
	return out, nil
}
