package etcdstore

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/store"
)

// backupMagic starts a backup of the first format: the log's entries
// follow, each its length (uvarint) and its op. Restore still reads it;
// Backup writes snapshotMagic (backupsnap.go), since a checkpoint cuts the
// log.
const backupMagic = "jalon etcd log v1\n"

// maxEntry bounds an entry read from a backup, so that a damaged length
// is refused rather than allocated.
const maxEntry = 1 << 30

// Restore opens a backend on an empty prefix and appends the entries of a
// backup to it, in order.
func Restore(ctx context.Context, opts Options, r io.Reader) (*Backend, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	if err := emptyPrefix(ctx, opts.Client, newKeys(opts.Prefix).prefix); err != nil {
		return nil, err
	}
	br := bufio.NewReader(r)
	if seq, ok, err := snapshotBackup(br); ok || err != nil {
		if err != nil {
			return nil, err
		}
		if seq == 0 { // an empty record
			return Open(ctx, opts)
		}
		return seed(ctx, opts, seq, br)
	}
	b, err := Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := b.replay(ctx, br); err != nil {
		_ = b.Close()
		return nil, err
	}
	return b, nil
}

func emptyPrefix(ctx context.Context, cli *clientv3.Client, prefix string) error {
	resp, err := cli.Get(ctx, prefix, clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		return fmt.Errorf("etcdstore: restore: look at prefix %q: %w", prefix, err)
	}
	if resp.Count > 0 {
		return fmt.Errorf("etcdstore: restore: prefix %q holds %d keys; restore into an unused prefix: %w", prefix, resp.Count, store.ErrInvalid)
	}
	return nil
}

func (b *Backend) replay(ctx context.Context, r *bufio.Reader) error {
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic {
		return fmt.Errorf("etcdstore: restore: not a backup of the etcd backend (it starts %q): %w", magic, store.ErrInvalid)
	}
	for i := 1; ; i++ {
		n, err := binary.ReadUvarint(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err == nil && n > maxEntry {
			err = fmt.Errorf("its length %d is beyond any entry's", n)
		}
		var data []byte
		if err == nil {
			data = make([]byte, n)
			_, err = io.ReadFull(r, data)
		}
		if err != nil {
			return fmt.Errorf("etcdstore: restore: entry %d of the backup is cut short: %v: %w", i, err, store.ErrInvalid)
		}
		// Alone in its group, an entry is appended as it is: a group
		// entry of the backup stays one (group.go).
		if _, err := b.submit(ctx, data); err != nil && !deterministic(err) {
			return fmt.Errorf("etcdstore: restore: entry %d: %w", i, err)
		}
	}
}
