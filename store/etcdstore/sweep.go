package etcdstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// Orphaned chunks: a replica that dies between putting an entry's chunks
// and appending the entry leaves chunks no entry names, and a checkpoint
// that dies before naming its snapshot leaves snapshot chunks. Checkpoint
// sweeps them, never the chunks of an append in flight:
//
//   - it sweeps only chunks created before the previous snapshot was
//     named, a whole checkpoint interval ago (minutes; an append takes
//     seconds), so an append in progress normally never meets a sweep;
//   - and whatever the timing, the append's transaction compares that its
//     chunks are still there (chunksThere), while the sweep's transactions
//     compare that the log has not grown since it read which chunks the
//     log names. etcd orders the two transactions: if the sweep goes
//     first, the append fails and says so (its caller may send again);
//     if the append goes first, the sweep deletes nothing. An entry
//     naming a missing chunk is never committed.
//
// All the chunks of one id go in one ranged delete, so chunk 0 being there
// means all are.

var errLogMoved = errors.New("the log grew while the sweep read it")

func (k keys) chunks(id string) string { return k.prefix + "chunk/" + id + "/" }

func chunksThere(k keys, id string) clientv3.Cmp {
	return clientv3.Compare(clientv3.CreateRevision(k.chunk(id, 0)), ">", 0)
}

// chunksSwept returns an error when an append lost its compare because a
// sweep deleted its chunks: trying again would never succeed.
func (b *Backend) chunksSwept(ctx context.Context, guard []clientv3.Cmp) error {
	for _, c := range guard {
		resp, err := b.cli.Get(ctx, string(c.KeyBytes()), clientv3.WithCountOnly())
		if err != nil {
			return fmt.Errorf("etcdstore: append: %w", err)
		}
		if resp.Count == 0 {
			return fmt.Errorf("etcdstore: append: the entry's chunks were swept before it was appended (it waited longer than a checkpoint interval): nothing was written; send it again")
		}
	}
	return nil
}

// sweep deletes the entry chunks created before revision before that no
// entry names, and the snapshot chunks created before revision snapRev
// other than the snapshot's own. It returns how many chunk sets it deleted.
func (b *Backend) sweep(ctx context.Context, before, snapRev int64) (int, error) {
	named := map[string]bool{}
	var last uint64
	for key := b.keys.prefix + "log/"; ; {
		resp, err := b.cli.Get(ctx, key, clientv3.WithRange(b.keys.logEnd()), clientv3.WithLimit(pageEntries))
		if err != nil {
			return 0, fmt.Errorf("etcdstore: sweep: read the log: %w", err)
		}
		for _, kv := range resp.Kvs {
			if id := chunkID(kv.Value); id != "" {
				named[id] = true
			}
			if last, err = b.keys.seq(kv.Key); err != nil {
				return 0, err
			}
		}
		if !resp.More || len(resp.Kvs) == 0 {
			break
		}
		key = string(resp.Kvs[len(resp.Kvs)-1].Key) + "\x00"
	}
	snap, err := b.cli.Get(ctx, b.keys.snapshot())
	if err != nil {
		return 0, fmt.Errorf("etcdstore: sweep: %w", err)
	}
	m, _, err := parseSnapshot(snap.Kvs)
	if err != nil || m == nil {
		return 0, err
	}
	var ops []clientv3.Op
	orphans, err := b.orphans(ctx, b.keys.prefix+"chunk/", func(id string, created int64) bool { return !named[id] && created < before })
	if err != nil {
		return 0, err
	}
	for _, id := range orphans {
		ops = append(ops, clientv3.OpDelete(b.keys.chunks(id), clientv3.WithPrefix()))
	}
	stale, err := b.orphans(ctx, b.keys.prefix+"snap/", func(id string, created int64) bool { return id != m.ID && created < snapRev })
	if err != nil {
		return 0, err
	}
	for _, id := range stale {
		ops = append(ops, clientv3.OpDelete(b.keys.snapChunks(id), clientv3.WithPrefix()))
	}
	cmps := []clientv3.Cmp{
		clientv3.Compare(clientv3.CreateRevision(b.keys.entry(last+1)), "=", 0),
		clientv3.Compare(clientv3.ModRevision(b.keys.snapshot()), "=", snap.Kvs[0].ModRevision),
	}
	if err := b.deleteOps(ctx, ops, cmps); errors.Is(err, errLogMoved) {
		return 0, nil // the next checkpoint sweeps them
	} else if err != nil {
		return 0, err
	}
	return len(ops), nil
}

// orphans lists the chunk ids under dir (keys only, a page at a time) for
// which drop, given the id and its chunk 0's creation revision, is true.
func (b *Backend) orphans(ctx context.Context, dir string, drop func(id string, created int64) bool) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	for key := dir; ; {
		resp, err := b.cli.Get(ctx, key, clientv3.WithRange(clientv3.GetPrefixRangeEnd(dir)), clientv3.WithKeysOnly(), clientv3.WithLimit(1000))
		if err != nil {
			return nil, fmt.Errorf("etcdstore: sweep: list %s: %w", dir, err)
		}
		for _, kv := range resp.Kvs {
			id, _, _ := strings.Cut(strings.TrimPrefix(string(kv.Key), dir), "/")
			if !seen[id] {
				seen[id] = true
				if drop(id, kv.CreateRevision) {
					ids = append(ids, id)
				}
			}
		}
		if !resp.More || len(resp.Kvs) == 0 {
			return ids, nil
		}
		key = string(resp.Kvs[len(resp.Kvs)-1].Key) + "\x00"
	}
}
