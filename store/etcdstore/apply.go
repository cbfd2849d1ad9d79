package etcdstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jalonhq/jalon/store"
)

// outcome is what applying an entry gave: the reply to the replica that
// appended it.
type outcome struct {
	write   store.WriteResult
	removed []store.Removed
	rev     int
	changed bool
	err     error // a refusal every replica reaches alike
}

// catchUp applies every entry after b.applied, in order, a page at a time.
// b.mu is held.
func (b *Backend) catchUp(ctx context.Context) error {
	for {
		resp, err := b.logPage(ctx) // snapshot.go: loads the snapshot when behind it
		if err != nil {
			return fmt.Errorf("etcdstore: read the log after entry %d: %w", b.applied, err)
		}
		for _, kv := range resp.Kvs {
			if err := b.applyKV(ctx, kv.Key, kv.Value); err != nil {
				return err
			}
		}
		if !resp.More {
			return nil
		}
	}
}

func (b *Backend) applyKV(ctx context.Context, key, value []byte) error {
	seq, err := b.keys.seq(key)
	if err != nil {
		return err
	}
	if seq != b.applied+1 {
		return fmt.Errorf("etcdstore: the log jumps from entry %d to %d", b.applied, seq)
	}
	data, err := b.load(ctx, seq, value)
	if err != nil {
		return err
	}
	_, err = b.apply(seq, data, false)
	return err
}

// apply applies the op in data as entry seq, appended by this Backend if
// local. A refusal is the entry's
// outcome; any other failure means the local copy no longer follows the log,
// and the backend refuses everything until reopened.
func (b *Backend) apply(seq uint64, data []byte, local bool) (outcome, error) {
	if isGroup(data) { // group.go
		_, err := b.applyGroup(seq, data, local)
		return outcome{}, err
	}
	var o op
	if err := json.Unmarshal(data, &o); err != nil {
		return outcome{}, b.fail(fmt.Errorf("etcdstore: entry %d is not a change: %v: %w", seq, err, store.ErrInvalid))
	}
	outs, err := b.applyOps(seq, []op{o}, local)
	if err != nil {
		return outcome{}, err
	}
	return outs[0], nil
}

// applyOps applies the ops of entry seq in order (one, or a group's), each
// at its own time with its own outcome (a refusal is that op's alone) and
// its own Change for OnApply. b.mu is held.
func (b *Backend) applyOps(seq uint64, ops []op, local bool) ([]outcome, error) {
	outs := make([]outcome, len(ops))
	for i := range ops {
		t := ops[i].Time
		b.stamp.Store(&t)
		outs[i] = b.applyOp(ops[i])
		if err := newerEntry(seq, outs[i].err); err != nil { // newer.go: a kind this jalond lacks
			return nil, b.fail(err)
		}
		if !deterministic(outs[i].err) {
			what := fmt.Sprintf("entry %d", seq)
			if len(ops) > 1 {
				what = fmt.Sprintf("change %d of %d of entry %d", i+1, len(ops), seq)
			}
			return nil, b.fail(fmt.Errorf("etcdstore: the local copy failed to apply %s (reopen to rebuild it): %w", what, outs[i].err))
		}
	}
	b.applied = seq
	for i := range ops {
		b.appliedEntry(seq, &ops[i], outs[i], local)
	}
	return outs, nil
}

func (b *Backend) applyOp(o op) outcome {
	var out outcome
	ctx := context.Background() // committed: the local copy applies it whatever the caller does
	switch o.Kind {
	case kindWrite:
		out.write, out.err = b.local.Write(ctx, o.Measurements, o.Actor)
	case kindDelete:
		out.removed, out.err = b.local.Delete(ctx, o.Targets, o.Reason, o.Actor)
	case kindIndicator:
		if o.Indicator == nil {
			out.err = fmt.Errorf("etcdstore: indicator entry without a definition: %w", store.ErrInvalid)
			break
		}
		out.rev, out.changed, out.err = b.local.PutIndicator(*o.Indicator, o.Actor, o.Reason)
	case kindState:
		out.err = b.local.UpdateState(o.State)
	case kindStateAudited:
		if len(o.State) != 1 || o.Audit == nil {
			out.err = fmt.Errorf("etcdstore: a %s entry holds %d changes and audit %v: %w", o.Kind, len(o.State), o.Audit != nil, store.ErrInvalid)
			break
		}
		c := o.State[0]
		out.err = b.local.PutStateAudited(c.Bucket, c.Key, c.Value, *o.Audit)
	default:
		out.err = &newerKind{o.Kind} // newer.go
	}
	return out
}

// do appends o to the log and applies it, returning its outcome once a
// quorum has committed it. An ended ctx before the append appends nothing.
// Changes made at once share an entry (group.go).
func (b *Backend) do(ctx context.Context, o op) (outcome, error) {
	data, err := json.Marshal(o)
	if err != nil {
		return outcome{}, fmt.Errorf("etcdstore: encode the %s: %v: %w", o.Kind, err, store.ErrInvalid)
	}
	return b.submit(ctx, data) // group.go
}
