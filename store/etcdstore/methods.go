package etcdstore

import (
	"context"
	"reflect"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// Write appends the measurements as one entry, whatever their number: see
// store.Backend.
func (b *Backend) Write(ctx context.Context, ms []indicators.Measurement, actor string) (store.WriteResult, error) {
	out, err := b.do(ctx, op{Kind: kindWrite, Time: b.now(), Actor: actor, Measurements: ms})
	return out.write, err
}

// Delete appends the deletion as one entry: see store.Backend.
func (b *Backend) Delete(ctx context.Context, targets []store.Target, reason, actor string) ([]store.Removed, error) {
	out, err := b.do(ctx, op{Kind: kindDelete, Time: b.now(), Actor: actor, Reason: reason, Targets: targets})
	return out.removed, err
}

// PutIndicator appends the definition unless it equals the current
// revision: every replica reconciles the catalog at start, and an entry per
// indicator per start would grow the log for nothing.
func (b *Backend) PutIndicator(def store.StoredIndicator, actor, reason string) (int, bool, error) {
	if rev, ok := b.current(def); ok {
		return rev, false, nil
	}
	out, err := b.do(context.Background(), op{Kind: kindIndicator, Time: b.now(), Actor: actor, Reason: reason, Indicator: &def})
	return out.rev, out.changed, err
}

// UpdateState appends the changes as one entry: all or none.
func (b *Backend) UpdateState(changes []store.StateChange) error {
	_, err := b.do(context.Background(), op{Kind: kindState, Time: b.now(), State: changes})
	return err
}

// PutStateAudited appends one state value with its audit entry as one
// entry: every replica records both or neither.
func (b *Backend) PutStateAudited(bucket store.StateBucket, key string, value []byte, e store.AuditEntry) error {
	_, err := b.do(context.Background(), op{Kind: kindStateAudited, Time: b.now(), Actor: e.Actor,
		State: []store.StateChange{{Bucket: bucket, Key: key, Value: value}}, Audit: &e})
	return err
}

// PutState is UpdateState of one change.
func (b *Backend) PutState(bucket store.StateBucket, key string, value []byte) error {
	return b.UpdateState([]store.StateChange{{Bucket: bucket, Key: key, Value: value}})
}

// DeleteState is UpdateState of one deletion.
func (b *Backend) DeleteState(bucket store.StateBucket, key string) error {
	return b.UpdateState([]store.StateChange{{Bucket: bucket, Key: key, Delete: true}})
}

// The reads answer from the local copy, which the watch keeps current
// (follow.go): no round trip to etcd.

func (b *Backend) View(fn func(r store.Reader) error) error {
	if err := b.readable(); err != nil {
		return err
	}
	return b.copy().View(fn)
}

func (b *Backend) Series() ([]store.Series, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return b.copy().Series()
}

func (b *Backend) SeriesOf(indicator string) ([]store.Series, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return b.copy().SeriesOf(indicator)
}

func (b *Backend) SeriesID(indicator string, labels indicators.Labels) (uint64, error) {
	if err := b.readable(); err != nil {
		return 0, err
	}
	return b.copy().SeriesID(indicator, labels)
}

func (b *Backend) Points(seriesID uint64, from, to time.Time, fn func(p indicators.Point, source string) error) error {
	if err := b.readable(); err != nil {
		return err
	}
	return b.copy().Points(seriesID, from, to, fn)
}

func (b *Backend) LastPoints(seriesID uint64, n int, buf []indicators.Point) ([]indicators.Point, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return b.copy().LastPoints(seriesID, n, buf)
}

func (b *Backend) Indicators() (map[string]store.Revision, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return b.copy().Indicators()
}

func (b *Backend) Revisions(id string) ([]store.Revision, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return b.copy().Revisions(id)
}

func (b *Backend) Audit(from uint64, limit int) ([]store.AuditEntry, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return b.copy().Audit(from, limit)
}

func (b *Backend) GetState(bucket store.StateBucket, key string) ([]byte, error) {
	if err := b.readable(); err != nil {
		return nil, err
	}
	return b.copy().GetState(bucket, key)
}

func (b *Backend) ListState(bucket store.StateBucket, prefix string, fn func(key string, value []byte) error) error {
	if err := b.readable(); err != nil {
		return err
	}
	return b.copy().ListState(bucket, prefix, fn)
}

// current returns the revision of def's indicator if it is def, as of now.
// A definition equal only after the store's own normalisation is appended,
// and the entry then changes nothing.
func (b *Backend) current(def store.StoredIndicator) (int, bool) {
	if b.sync() != nil {
		return 0, false
	}
	revs, err := b.copy().Indicators()
	if r, ok := revs[def.ID]; err == nil && ok && reflect.DeepEqual(r.Definition, def) {
		return r.Rev, true
	}
	return 0, false
}
