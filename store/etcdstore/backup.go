package etcdstore

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/jalonhq/jalon/store"
)

// backupMagic starts a backup: the log's entries follow, each its length
// (uvarint) and its op.
const backupMagic = "jalon etcd log v1\n"

// maxEntry bounds an entry read from a backup, so that a damaged length
// is refused rather than allocated.
const maxEntry = 1 << 30

// Backup writes the log as of now: every entry up to the last committed,
// replayed by Restore into an equal record. It goes through a temporary
// file so that size is known before the first byte reaches w.
func (b *Backend) Backup(w io.Writer, size func(int64)) (int64, error) {
	if err := b.sync(); err != nil {
		return 0, err
	}
	b.mu.Lock()
	last := b.applied
	b.mu.Unlock()
	f, err := os.CreateTemp("", "jalon-etcd-backup-*")
	if err != nil {
		return 0, fmt.Errorf("etcdstore: backup: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := b.writeLog(f, last); err != nil {
		return 0, err
	}
	n, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		return 0, fmt.Errorf("etcdstore: backup: %w", err)
	}
	if size != nil {
		size(n)
	}
	return io.Copy(w, f)
}

// writeLog writes entries 1 to last, a page at a time.
func (b *Backend) writeLog(f *os.File, last uint64) error {
	w := bufio.NewWriter(f)
	w.WriteString(backupMagic)
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	for next := uint64(1); next <= last; {
		resp, err := b.cli.Get(ctx, b.keys.entry(next), clientv3.WithRange(b.keys.entry(last+1)), clientv3.WithLimit(pageEntries))
		if err != nil {
			return fmt.Errorf("etcdstore: backup: read the log from entry %d: %w", next, err)
		}
		if len(resp.Kvs) == 0 {
			return fmt.Errorf("etcdstore: backup: entries %d to %d are missing from the log", next, last)
		}
		for _, kv := range resp.Kvs {
			data, err := b.load(ctx, next, kv.Value)
			if err != nil {
				return err
			}
			w.Write(binary.AppendUvarint(nil, uint64(len(data))))
			w.Write(data)
			next++
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("etcdstore: backup: %w", err)
	}
	return nil
}

// Restore opens a backend on an empty prefix and appends the entries of a
// backup to it, in order.
func Restore(ctx context.Context, opts Options, r io.Reader) (*Backend, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	if err := emptyPrefix(ctx, opts.Client, newKeys(opts.Prefix).prefix); err != nil {
		return nil, err
	}
	b, err := Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := b.replay(ctx, bufio.NewReader(r)); err != nil {
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
		if _, err := b.append(ctx, data); err != nil && !deterministic(err) {
			return fmt.Errorf("etcdstore: restore: entry %d: %w", i, err)
		}
	}
}
