package etcdstore

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/zstd"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/store"
)

// A snapshot is a replica's local copy as of entry Seq (the bbolt store's
// Backup bytes), zstd-compressed, in chunks of at most chunkSize under
// snap/<ID>/, named by the small key "snapshot". A replica whose next entry
// is gone from the log, or that opens, loads it and replays the log from
// Seq+1, so the log may be cut below Seq (Checkpoint, checkpoint.go).
type snapshotMeta struct {
	Seq    uint64 `json:"seq"`
	ID     string `json:"id"`
	N      int    `json:"n"`
	Size   int64  `json:"size"` // compressed: the chunks' bytes
	SHA256 string `json:"sha256"`
	Enc    string `json:"enc"`
}

func (k keys) snapshot() string { return k.prefix + "snapshot" }

func (k keys) snapChunk(id string, i int) string {
	return fmt.Sprintf("%ssnap/%s/%06d", k.prefix, id, i)
}

func (k keys) snapChunks(id string) string { return k.prefix + "snap/" + id + "/" }

// logPage reads, in one linearizable transaction, the snapshot's key and
// the next page of the log after b.applied. When the snapshot is beyond
// b.applied and the next entry is not there (cut by a checkpoint), or the
// local copy is still empty, it loads the snapshot first: the log then
// continues from the snapshot's entry. b.mu is held.
func (b *Backend) logPage(ctx context.Context) (*clientv3.GetResponse, error) {
	for {
		resp, err := b.cli.Txn(ctx).Then(
			clientv3.OpGet(b.keys.snapshot()),
			clientv3.OpGet(b.keys.entry(b.applied+1), clientv3.WithRange(b.keys.logEnd()), clientv3.WithLimit(pageEntries)),
		).Commit()
		if err != nil {
			return nil, err
		}
		page := (*clientv3.GetResponse)(resp.Responses[1].GetResponseRange())
		snap, rev, err := parseSnapshot(resp.Responses[0].GetResponseRange().Kvs)
		if err != nil {
			return nil, err
		}
		b.size.snapRev = rev
		if snap == nil || snap.Seq <= b.applied {
			return page, nil
		}
		if b.applied > 0 && len(page.Kvs) > 0 && string(page.Kvs[0].Key) == b.keys.entry(b.applied+1) {
			return page, nil // the entries are there: replaying them is cheaper
		}
		if err := b.loadSnapshot(ctx, snap); err != nil {
			return nil, err
		}
	}
}

func parseSnapshot(kvs []*mvccpb.KeyValue) (*snapshotMeta, int64, error) {
	if len(kvs) == 0 {
		return nil, 0, nil
	}
	var m snapshotMeta
	if err := json.Unmarshal(kvs[0].Value, &m); err != nil || m.Enc != encZstd || m.ID == "" {
		return nil, 0, fmt.Errorf("etcdstore: the key %q is not a snapshot this jalond reads (written by a newer one?): %v: %w", kvs[0].Key, err, store.ErrInvalid)
	}
	return &m, kvs[0].ModRevision, nil
}

// snapshotUnchanged is the compare every append makes: no checkpoint since
// this replica last caught up. A checkpoint deletes entries up to an older
// snapshot's, and such a deleted key looks never used to the append's
// CreateRevision compare; a replica still behind it must load the snapshot
// rather than take a number the log has had.
func (b *Backend) snapshotUnchanged() clientv3.Cmp {
	return clientv3.Compare(clientv3.ModRevision(b.keys.snapshot()), "=", b.size.snapRev)
}

// loadSnapshot replaces the local copy with the snapshot's and sets
// b.applied to its entry. A read that was going on in the old copy fails
// with store.ErrClosed and may be retried; this happens at Open or after a
// replica fell behind a checkpoint. b.mu is held.
func (b *Backend) loadSnapshot(ctx context.Context, m *snapshotMeta) error {
	b.size.gen++
	path := filepath.Join(b.size.dir, fmt.Sprintf("replica-%d.db", b.size.gen))
	if err := b.fetchSnapshot(ctx, m, path); err != nil {
		os.Remove(path)
		return err
	}
	if old := b.local; old != nil {
		_ = old.Close()
		removeLocal(b.size.oldPath)
	}
	local, err := store.Open(path, b.size.localOpts)
	if err != nil {
		b.broken = fmt.Errorf("etcdstore: open the snapshot of entry %d as the local copy (reopen to retry): %w", m.Seq, err)
		return b.broken
	}
	b.local = local
	b.size.shared.Store(local)
	b.size.oldPath = path
	b.applied = m.Seq
	b.size.snapshotLoads.Inc()
	// Caches built on the old copy (the evaluator's, the catalog) know
	// nothing of what the snapshot brought: they read everything again.
	if n := b.f.notify; n != nil {
		n.post(Change{Seq: m.Seq, Kind: ChangeReload})
	}
	return nil
}

func removeLocal(path string) {
	if path != "" {
		os.Remove(path)
		os.RemoveAll(path + "-wal")
	}
}

// fetchSnapshot writes the snapshot's store file to path, checking its
// chunks' count, size and SHA-256.
func (b *Backend) fetchSnapshot(ctx context.Context, m *snapshotMeta, path string) error {
	pr, pw := io.Pipe()
	sum := sha256.New()
	var size int64
	go func() {
		for i := range m.N {
			resp, err := b.cli.Get(ctx, b.keys.snapChunk(m.ID, i))
			if err == nil && len(resp.Kvs) != 1 {
				err = fmt.Errorf("chunk %d of %d is missing (a newer checkpoint replaced it? a read will retry)", i, m.N)
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
			v := resp.Kvs[0].Value
			sum.Write(v)
			size += int64(len(v))
			if _, err := pw.Write(v); err != nil {
				return
			}
		}
		pw.Close()
	}()
	defer pr.Close()
	zr, err := zstd.NewReader(pr, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return fmt.Errorf("etcdstore: load the snapshot of entry %d: %w", m.Seq, err)
	}
	defer zr.Close()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("etcdstore: load the snapshot of entry %d: %w", m.Seq, err)
	}
	_, err = io.Copy(f, zr)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("etcdstore: load the snapshot of entry %d: %w", m.Seq, err)
	}
	if size != m.Size || hex.EncodeToString(sum.Sum(nil)) != m.SHA256 {
		return fmt.Errorf("etcdstore: the snapshot of entry %d: its %d chunks do not add up to what was written (%d bytes, want %d)", m.Seq, m.N, size, m.Size)
	}
	return nil
}

// chunkWriter puts what is written to it as the snapshot chunks of id, each
// chunkSize bytes but the last, hashing them on the way.
type chunkWriter struct {
	ctx  context.Context
	b    *Backend
	id   string
	buf  []byte
	n    int
	size int64
	sum  hash.Hash
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	written := len(p)
	for len(p) > 0 {
		k := min(len(p), chunkSize-len(w.buf))
		w.buf = append(w.buf, p[:k]...)
		p = p[k:]
		if len(w.buf) == chunkSize {
			if err := w.flush(); err != nil {
				return 0, err
			}
		}
	}
	return written, nil
}

func (w *chunkWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	if _, err := w.b.cli.Put(w.ctx, w.b.keys.snapChunk(w.id, w.n), string(w.buf)); err != nil {
		return fmt.Errorf("etcdstore: put chunk %d of a snapshot: %w", w.n, noSpace(err))
	}
	w.sum.Write(w.buf)
	w.size += int64(len(w.buf))
	w.n++
	w.buf = w.buf[:0]
	return nil
}

// putSnapshot compresses the store file r into new chunks and returns
// their meta, not yet named by the snapshot key.
func (b *Backend) putSnapshot(ctx context.Context, seq uint64, r io.Reader) (*snapshotMeta, error) {
	w := &chunkWriter{ctx: ctx, b: b, id: rand.Text(), buf: make([]byte, 0, chunkSize), sum: sha256.New()}
	zw, err := zstd.NewWriter(w, zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(zw, bufio.NewReader(r))
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = w.flush()
	}
	if err != nil {
		_, _ = b.cli.Delete(context.WithoutCancel(ctx), b.keys.snapChunks(w.id), clientv3.WithPrefix())
		return nil, err
	}
	return &snapshotMeta{Seq: seq, ID: w.id, N: w.n, Size: w.size, SHA256: hex.EncodeToString(w.sum.Sum(nil)), Enc: encZstd}, nil
}

// installSnapshot names m as the snapshot if the key is still at revision
// prev (0: absent), and returns the revision it was written at.
func (b *Backend) installSnapshot(ctx context.Context, m *snapshotMeta, prev int64) (int64, error) {
	v, _ := json.Marshal(m)
	key := b.keys.snapshot()
	resp, err := b.cli.Txn(ctx).If(clientv3.Compare(clientv3.ModRevision(key), "=", prev)).
		Then(clientv3.OpPut(key, string(v))).Commit()
	if err == nil && !resp.Succeeded {
		err = errSnapshotRace
	}
	if err != nil {
		_, _ = b.cli.Delete(context.WithoutCancel(ctx), b.keys.snapChunks(m.ID), clientv3.WithPrefix())
		return 0, fmt.Errorf("etcdstore: name the snapshot of entry %d: %w", m.Seq, noSpace(err))
	}
	return resp.Header.Revision, nil
}

var errSnapshotRace = errors.New("another replica wrote a snapshot meanwhile (two leaders for a moment?); this one is dropped")

// Seed starts a deployment under an unused prefix from a bbolt store file
// (a store.Store's Backup): the file becomes the snapshot of entry 1, and
// the log continues from entry 2. It returns the backend opened on it.
// jalonctl store copy and Restore of a backup use it.
func Seed(ctx context.Context, opts Options, file io.Reader) (*Backend, error) {
	return seed(ctx, opts, 1, file)
}

func seed(ctx context.Context, opts Options, seq uint64, file io.Reader) (*Backend, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	k := newKeys(opts.Prefix)
	if err := emptyPrefix(ctx, opts.Client, k.prefix); err != nil {
		return nil, err
	}
	tmp := &Backend{cli: opts.Client, keys: k}
	m, err := tmp.putSnapshot(ctx, seq, file)
	if err != nil {
		return nil, err
	}
	if _, err := tmp.installSnapshot(ctx, m, 0); err != nil {
		return nil, err
	}
	return Open(ctx, opts)
}

// CopyLocal writes the local copy, caught up with the log, as a bbolt
// store file (store.Open opens it alone) and returns the entry it is as of.
func (b *Backend) CopyLocal(w io.Writer) (uint64, int64, error) {
	if err := b.sync(); err != nil {
		return 0, 0, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.local.Backup(w, nil)
	return b.applied, n, err
}
