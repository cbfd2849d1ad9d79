package etcdstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// The kinds of change an entry carries.
const (
	kindWrite     = "write"
	kindDelete    = "delete"
	kindIndicator = "indicator"
	kindState     = "state"
	// kindStateAudited is one state value and its audit entry, applied in
	// one transaction of the local copy.
	kindStateAudited = "state_audited"
)

// op is one change, as every replica applies it.
type op struct {
	Kind         string                   `json:"kind"`
	Time         time.Time                `json:"time"` // the appending replica's clock
	Actor        string                   `json:"actor,omitempty"`
	Reason       string                   `json:"reason,omitempty"`
	Measurements []indicators.Measurement `json:"measurements,omitempty"`
	Targets      []store.Target           `json:"targets,omitempty"`
	Indicator    *store.StoredIndicator   `json:"indicator,omitempty"`
	State        []store.StateChange      `json:"state,omitempty"`
	Audit        *store.AuditEntry        `json:"audit,omitempty"`
}

// record is a log entry's value: the op itself when small, else where its
// chunks are.
type record struct {
	Op     json.RawMessage `json:"op,omitempty"`
	Chunks *chunks         `json:"chunks,omitempty"`
}

type chunks struct {
	ID     string `json:"id"`
	N      int    `json:"n"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
	// Enc is how the chunks' bytes encode the op: "" as JSON (entries
	// written before compression), encZstd compressed (codec.go). Size
	// and SHA256 are of the chunks' bytes.
	Enc string `json:"enc,omitempty"`
}

// Sizes: etcd refuses a request over 1.5 MiB by default, and a catch-up
// page holds up to pageEntries entries.
const (
	inlineMax   = 64 << 10
	chunkSize   = 1 << 20
	pageEntries = 64
)

// stage returns the record for data, compressed, first putting its chunks
// when it is too large to be inline, and the compare that the append must
// make: that its chunks are still there (sweep.go). Chunks no entry names
// are never read.
func (b *Backend) stage(ctx context.Context, data []byte) ([]byte, []clientv3.Cmp, error) {
	data = compress(data)
	if len(data)+1 <= inlineMax {
		return append([]byte{zstdMark}, data...), nil, nil
	}
	c := &chunks{ID: rand.Text(), Size: len(data), Enc: encZstd}
	sum := sha256.Sum256(data)
	c.SHA256 = hex.EncodeToString(sum[:])
	for off := 0; off < len(data); off += chunkSize {
		part := data[off:min(off+chunkSize, len(data))]
		if err := b.putChunk(ctx, b.keys.chunk(c.ID, c.N), part); err != nil {
			return nil, nil, b.unanswered(fmt.Errorf("etcdstore: put chunk %d of a %d-byte entry: %w", c.N, len(data), noSpace(err)), false)
		}
		c.N++
	}
	rec, err := json.Marshal(record{Chunks: c})
	return rec, []clientv3.Cmp{chunksThere(b.keys, c.ID)}, err
}

// commit appends rec at the log's end and returns its sequence. The
// compare on the entry's key makes each sequence taken once, so the log
// has one order for every replica; losing the race means catching up and
// trying the next one. guard holds the compares of stage. b.mu is held.
func (b *Backend) commit(ctx context.Context, rec []byte, guard []clientv3.Cmp) (uint64, error) {
	for {
		if err := b.catchUpNow(ctx); err != nil {
			return 0, b.unanswered(err, false) // noanswer.go
		}
		seq := b.applied + 1
		key := b.keys.entry(seq)
		// snapshot.go and sweep.go: no checkpoint since catching up
		// (a cut log would make an old number look free), the chunks
		// still there.
		cmps := append([]clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(key), "=", 0), b.snapshotUnchanged()}, guard...)
		cmps = append(cmps, fenceCmps(ctx)...) // fence.go
		if b.beforeTxn != nil {
			b.beforeTxn()
		}
		resp, err := b.cli.Txn(ctx).If(cmps...).Then(clientv3.OpPut(key, string(rec))).Commit()
		if err := noSpace(err); errors.Is(err, ErrNoSpace) { // refused: not in the log
			return 0, fmt.Errorf("etcdstore: append entry %d: %w", seq, err)
		} else if noAnswer(err) {
			return 0, b.unanswered(fmt.Errorf("etcdstore: append entry %d: %w", seq, err), true)
		} else if err != nil {
			return 0, fmt.Errorf("etcdstore: append entry %d (it may or may not be in the log; a read will tell): %w", seq, err)
		}
		if resp.Succeeded {
			return seq, nil
		}
		if err := b.checkFence(ctx); err != nil { // fence.go
			return 0, err
		}
		if err := b.chunksSwept(ctx, guard); err != nil {
			return 0, err
		}
	}
}

// load returns the op bytes of a record, reading its chunks if it has any.
func (b *Backend) load(ctx context.Context, seq uint64, value []byte) ([]byte, error) {
	if len(value) > 0 && value[0] == zstdMark {
		return decompress(fmt.Sprintf("entry %d", seq), value[1:])
	}
	var rec record
	if err := json.Unmarshal(value, &rec); err != nil {
		return nil, fmt.Errorf("etcdstore: entry %d is not a record: %w", seq, err)
	}
	if rec.Chunks == nil {
		return rec.Op, nil
	}
	c := rec.Chunks
	data := make([]byte, 0, c.Size)
	for i := range c.N {
		resp, err := b.cli.Get(ctx, b.keys.chunk(c.ID, i))
		if err != nil {
			return nil, fmt.Errorf("etcdstore: read chunk %d of entry %d: %w", i, seq, err)
		}
		if len(resp.Kvs) != 1 {
			return nil, fmt.Errorf("etcdstore: entry %d: chunk %d of %d is missing", seq, i, c.N)
		}
		data = append(data, resp.Kvs[0].Value...)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != c.SHA256 || len(data) != c.Size {
		return nil, fmt.Errorf("etcdstore: entry %d: its %d chunks do not add up to what was staged", seq, c.N)
	}
	if c.Enc == encZstd {
		return decompress(fmt.Sprintf("entry %d", seq), data)
	}
	return data, nil
}
