package etcdstore

import (
	"context"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// SetRoomEvery makes the quota check ask the members every d.
func SetRoomEvery(d time.Duration) { roomEvery = d }

// StageAndCommit stages data as an entry's record, calls between (a
// checkpoint, say), then appends it: an append whose staging and commit a
// sweep falls between.
func StageAndCommit(b *Backend, ctx context.Context, data []byte, between func()) (uint64, error) {
	b.mu.Lock()
	rec, guard, err := b.stage(ctx, data)
	b.mu.Unlock()
	if err != nil {
		return 0, err
	}
	between()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.commit(ctx, rec, guard)
}

// BeforeAppend makes fn run in each of b's appends between its catch-up
// and its transaction. Set it before b appends.
func BeforeAppend(b *Backend, fn func()) { b.beforeTxn = fn }

// Keys counts the keys of prefix under dir ("log/", "chunk/", "snap/").
func Keys(ctx context.Context, cli *clientv3.Client, prefix, dir string) (int64, error) {
	resp, err := cli.Get(ctx, prefix+dir, clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		return 0, err
	}
	return resp.Count, nil
}
