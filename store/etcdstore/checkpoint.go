package etcdstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/store"
)

// maxTxnOps is etcd's default limit of operations in one transaction.
const maxTxnOps = 128

// Checkpointed says what a checkpoint did.
type Checkpointed struct {
	// Seq is the entry the new snapshot is as of; SnapshotBytes its size
	// compressed (0: no entry since the last snapshot, none written).
	Seq           uint64
	SnapshotBytes int64
	// Cut is the last entry deleted from the log (0: none), CutEntries
	// how many; SweptChunks counts the staged or snapshot chunk sets
	// deleted because nothing names them any more.
	Cut         uint64
	CutEntries  int
	SweptChunks int
	// Compacted is the etcd revision its history was compacted to (0:
	// not compacted). CompactionLeft says etcd refused the compaction to
	// this client (permission denied: a role limited to the prefix, as
	// recommended), leaving it to the members' auto-compaction; the rest
	// of the checkpoint is done.
	Compacted      int64
	CompactionLeft bool
}

// Checkpoint keeps etcd's database bounded. It writes a snapshot of the
// local copy as of the last entry; deletes the entries (and their chunks)
// up to the previous snapshot's entry, so that a replica less than one
// checkpoint interval behind still replays entries rather than loading a
// snapshot; deletes chunks no entry or snapshot names; and compacts etcd's
// history up to the revision of those deletions, since a deleted key frees
// space only once compacted (and the file shrinks only with `etcdctl
// defrag`, the operator's: it blocks the member while it runs).
//
// One replica calls it, the leader, every 10 minutes or so: more often
// cuts the log sooner but writes a snapshot (a few MB per million points)
// each time. Appends wait while the local copy is copied (b.mu), not while
// the snapshot is sent. A second replica checkpointing at the same moment
// loses the snapshot's compare and changes nothing.
func (b *Backend) Checkpoint(ctx context.Context) (Checkpointed, error) {
	var res Checkpointed
	tmp, seq, prev, prevRev, err := b.copyForSnapshot(ctx)
	if err != nil {
		return res, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	res.Seq = seq
	rev := prevRev
	if prev == nil || prev.Seq < res.Seq {
		m, err := b.putSnapshot(ctx, res.Seq, tmp)
		if err != nil {
			return res, err
		}
		if rev, err = b.installSnapshot(ctx, m, prevRev); err != nil {
			return res, err
		}
		res.SnapshotBytes = m.Size
		b.size.checkpoints.Inc()
	}
	if prev != nil {
		if res.Cut, res.CutEntries, err = b.cut(ctx, prev.Seq); err != nil {
			return res, err
		}
	}
	// Chunks staged before the previous snapshot was named have had a
	// whole checkpoint interval to be appended.
	if prevRev > 0 {
		if res.SweptChunks, err = b.sweep(ctx, prevRev, rev); err != nil {
			return res, err
		}
	}
	resp, err := b.cli.Get(ctx, b.keys.snapshot())
	if err != nil {
		return res, fmt.Errorf("etcdstore: checkpoint: %w", err)
	}
	if _, err := b.cli.Compact(ctx, resp.Header.Revision); errors.Is(err, rpctypes.ErrPermissionDenied) {
		// The recommended role reaches the prefix only, and compaction is
		// the whole cluster's: the members' --auto-compaction-retention
		// does it instead.
		res.CompactionLeft = true
		return res, nil
	} else if err != nil && !strings.Contains(err.Error(), "compacted") {
		return res, fmt.Errorf("etcdstore: checkpoint: compact etcd's history to revision %d: %w", resp.Header.Revision, err)
	}
	res.Compacted = resp.Header.Revision
	return res, nil
}

// copyForSnapshot catches up and copies the local copy to a temporary file,
// and returns it with the entry it is as of and the snapshot then in force.
func (b *Backend) copyForSnapshot(ctx context.Context) (f *os.File, seq uint64, prev *snapshotMeta, prevRev int64, err error) {
	if b.closed.Load() {
		return nil, 0, nil, 0, store.ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.broken != nil {
		return nil, 0, nil, 0, b.broken
	}
	if err := b.catchUpNow(ctx); err != nil {
		return nil, 0, nil, 0, err
	}
	resp, err := b.cli.Get(ctx, b.keys.snapshot())
	if err != nil {
		return nil, 0, nil, 0, fmt.Errorf("etcdstore: checkpoint: read the snapshot key: %w", err)
	}
	prev, prevRev, err = parseSnapshot(resp.Kvs)
	if err != nil {
		return nil, 0, nil, 0, err
	}
	f, err = os.CreateTemp(b.size.dir, "snapshot-*")
	if err != nil {
		return nil, 0, nil, 0, fmt.Errorf("etcdstore: checkpoint: %w", err)
	}
	if _, err := b.local.Backup(f, nil); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, 0, nil, 0, fmt.Errorf("etcdstore: checkpoint: copy the local copy: %w", err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, 0, nil, 0, err
	}
	return f, b.applied, prev, prevRev, nil
}

// cut deletes the log's entries up to upTo, then their chunks, and returns
// the last entry deleted and how many. Entries go first, in one operation:
// chunks left by a crash in between are orphans for the next sweep.
func (b *Backend) cut(ctx context.Context, upTo uint64) (uint64, int, error) {
	var ids []string
	from := b.keys.prefix + "log/"
	end := b.keys.entry(upTo + 1)
	count := 0
	for key := from; ; {
		resp, err := b.cli.Get(ctx, key, clientv3.WithRange(end), clientv3.WithLimit(pageEntries))
		if err != nil {
			return 0, 0, fmt.Errorf("etcdstore: checkpoint: read the log up to entry %d: %w", upTo, err)
		}
		for _, kv := range resp.Kvs {
			count++
			if id := chunkID(kv.Value); id != "" {
				ids = append(ids, id)
			}
		}
		if !resp.More || len(resp.Kvs) == 0 {
			break
		}
		key = string(resp.Kvs[len(resp.Kvs)-1].Key) + "\x00"
	}
	if count == 0 {
		return 0, 0, nil
	}
	if _, err := b.cli.Delete(ctx, from, clientv3.WithRange(end)); err != nil {
		return 0, 0, fmt.Errorf("etcdstore: checkpoint: delete the log up to entry %d: %w", upTo, err)
	}
	var ops []clientv3.Op
	for _, id := range ids {
		ops = append(ops, clientv3.OpDelete(b.keys.chunks(id), clientv3.WithPrefix()))
	}
	if err := b.deleteOps(ctx, ops, nil); err != nil {
		return 0, 0, err
	}
	return upTo, count, nil
}

// chunkID is the id of the chunks a record names, "" for an inline one.
func chunkID(value []byte) string {
	if len(value) == 0 || value[0] != '{' {
		return ""
	}
	var rec record
	if json.Unmarshal(value, &rec) != nil || rec.Chunks == nil {
		return ""
	}
	return rec.Chunks.ID
}

// deleteOps runs ops in transactions of at most maxTxnOps, each under the
// compares cmps; a failed compare stops it (nothing of that transaction is
// deleted) and is reported as false.
func (b *Backend) deleteOps(ctx context.Context, ops []clientv3.Op, cmps []clientv3.Cmp) error {
	for len(ops) > 0 {
		n := min(len(ops), maxTxnOps)
		resp, err := b.cli.Txn(ctx).If(cmps...).Then(ops[:n]...).Commit()
		if err != nil {
			return fmt.Errorf("etcdstore: checkpoint: delete %d keys: %w", n, err)
		}
		if !resp.Succeeded {
			return errLogMoved
		}
		ops = ops[n:]
	}
	return nil
}

// CheckpointEvery is the interval recommended between checkpoints.
const CheckpointEvery = 10 * time.Minute

// RunCheckpoints checkpoints every interval until ctx ends: the leader runs
// it for as long as it leads. A failed checkpoint is logged and tried again
// at the next tick; the log keeps growing meanwhile, nothing is lost.
func (b *Backend) RunCheckpoints(ctx context.Context, every time.Duration, logger *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	toldLeft := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		start := time.Now()
		res, err := b.Checkpoint(ctx)
		if err != nil {
			if ctx.Err() == nil {
				logger.Warn("etcd checkpoint failed; trying again at the next", "component", "etcdstore", "err", err)
			}
			continue
		}
		if res.CompactionLeft && !toldLeft {
			toldLeft = true
			logger.Info("etcd refuses this client the compaction of its history (a role limited to the prefix): it is left to the members' --auto-compaction-retention, which must then be set; the checkpoint's other steps are done",
				"component", "etcdstore")
		}
		logger.Info("etcd checkpoint", "component", "etcdstore", "entry", res.Seq, "snapshot_bytes", res.SnapshotBytes,
			"cut_entries", res.CutEntries, "swept_chunk_sets", res.SweptChunks, "compacted_revision", res.Compacted, "duration", time.Since(start))
	}
}
