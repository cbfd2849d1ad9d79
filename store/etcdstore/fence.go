package etcdstore

import (
	"context"
	"errors"
	"fmt"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// ErrDeposed refuses a fenced write once its leader's term is over: the
// election key it names is gone (its lease expired, it resigned) or belongs
// to a later campaign. The writer is no longer the leader and must not
// write the leader's state; it is not a failure of etcd.
var ErrDeposed = errors.New("this replica's term as leader is over")

// Fence is one leader's term, as etcd's concurrency.Election names it: the
// election key (Election.Key) and its create revision (Election.Rev). A
// write carrying it is appended only while that key still has that create
// revision, so that a leader paused past its lease (GC, SIGSTOP) cannot
// write after the next leader began: etcd checks it in the same
// transaction as the append, with no window between check and write.
type Fence struct {
	Key string
	Rev int64
}

func (f Fence) valid() bool { return f.Key != "" && f.Rev > 0 }

type fenceKey struct{}

// WithFence returns ctx carrying f: the Backend's writes given that ctx
// (Write, Delete) are fenced by f. Pullers pass their run's context down
// to the ingest pipeline, which hands it to Write, so the term's context
// fences their measurements without the pipeline knowing.
func WithFence(ctx context.Context, f Fence) context.Context {
	return context.WithValue(ctx, fenceKey{}, f)
}

func fenceOf(ctx context.Context) (Fence, bool) {
	f, ok := ctx.Value(fenceKey{}).(Fence)
	return f, ok && f.valid()
}

// fenceCmps is what commit adds to its append's compares: nothing for an
// unfenced write.
func fenceCmps(ctx context.Context) []clientv3.Cmp {
	f, ok := fenceOf(ctx)
	if !ok {
		return nil
	}
	return []clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(f.Key), "=", f.Rev)}
}

// checkFence tells, after a refused append, whether the fence refused it:
// then retrying the next sequence is pointless. An unfenced write or a
// holding fence returns nil (the refusal was a lost race for the sequence).
func (b *Backend) checkFence(ctx context.Context) error {
	f, ok := fenceOf(ctx)
	if !ok {
		return nil
	}
	resp, err := b.cli.Get(ctx, f.Key)
	if err != nil {
		return fmt.Errorf("etcdstore: check the leader's election key %s: %w", f.Key, err)
	}
	if len(resp.Kvs) == 0 || resp.Kvs[0].CreateRevision != f.Rev {
		return fmt.Errorf("etcdstore: write refused: the election key %s of revision %d is gone or replaced (another replica leads now): %w",
			f.Key, f.Rev, ErrDeposed)
	}
	return nil
}

// Fenced is the Backend with every write fenced by one term: the state of
// the leader's managers (pullers' records, alert states, the outbox) goes
// through it. Reads are the Backend's.
type Fenced struct {
	*Backend
	fence Fence
}

// Fenced returns the Backend whose writes carry f. An invalid f (no key,
// no revision) is refused, as a write without a term would not be fenced.
func (b *Backend) Fenced(f Fence) (*Fenced, error) {
	if !f.valid() {
		return nil, fmt.Errorf("etcdstore: fence %+v names no election key and revision: %w", f, store.ErrInvalid)
	}
	return &Fenced{Backend: b, fence: f}, nil
}

var _ store.Backend = (*Fenced)(nil)

func (f *Fenced) ctx(ctx context.Context) context.Context { return WithFence(ctx, f.fence) }

func (f *Fenced) Write(ctx context.Context, ms []indicators.Measurement, actor string) (store.WriteResult, error) {
	return f.Backend.Write(f.ctx(ctx), ms, actor)
}

func (f *Fenced) Delete(ctx context.Context, targets []store.Target, reason, actor string) ([]store.Removed, error) {
	return f.Backend.Delete(f.ctx(ctx), targets, reason, actor)
}

func (f *Fenced) PutIndicator(def store.StoredIndicator, actor, reason string) (int, bool, error) {
	if rev, ok := f.current(def); ok {
		return rev, false, nil
	}
	out, err := f.do(f.ctx(context.Background()), op{Kind: kindIndicator, Time: f.now(), Actor: actor, Reason: reason, Indicator: &def})
	return out.rev, out.changed, err
}

func (f *Fenced) UpdateState(changes []store.StateChange) error {
	_, err := f.do(f.ctx(context.Background()), op{Kind: kindState, Time: f.now(), State: changes})
	return err
}

func (f *Fenced) PutStateAudited(bucket store.StateBucket, key string, value []byte, e store.AuditEntry) error {
	_, err := f.do(f.ctx(context.Background()), op{Kind: kindStateAudited, Time: f.now(), Actor: e.Actor,
		State: []store.StateChange{{Bucket: bucket, Key: key, Value: value}}, Audit: &e})
	return err
}

func (f *Fenced) PutState(bucket store.StateBucket, key string, value []byte) error {
	return f.UpdateState([]store.StateChange{{Bucket: bucket, Key: key, Value: value}})
}

func (f *Fenced) DeleteState(bucket store.StateBucket, key string) error {
	return f.UpdateState([]store.StateChange{{Bucket: bucket, Key: key, Delete: true}})
}

// Fence returns the term f's writes carry.
func (f *Fenced) Fence() Fence { return f.fence }

// Client is the etcd client the Backend appends with: the replicas' leader
// election runs on the same cluster and session as the record.
func (b *Backend) Client() *clientv3.Client { return b.cli }
