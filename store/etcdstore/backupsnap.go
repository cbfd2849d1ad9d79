package etcdstore

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"github.com/jalonhq/jalon/store"
)

// snapshotMagic starts a backup: the entry it is as of (uvarint), then the
// local copy as a bbolt store file. The log may have been cut by a
// checkpoint, so a backup is the record itself, not the log's entries;
// Restore makes it the snapshot of a new prefix, whose log continues from
// the next entry.
const snapshotMagic = "jalon etcd snapshot v2\n"

// Backup writes the local copy, caught up with the log, as of the last
// entry committed when Backup began. It goes through a temporary file so
// that size is known before the first byte reaches w; appends wait while
// the local copy is copied.
func (b *Backend) Backup(w io.Writer, size func(int64)) (int64, error) {
	f, err := os.CreateTemp("", "jalon-etcd-backup-*")
	if err != nil {
		return 0, fmt.Errorf("etcdstore: backup: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	bw := bufio.NewWriter(f)
	bw.WriteString(snapshotMagic)
	if err := b.sync(); err != nil {
		return 0, err
	}
	b.mu.Lock()
	bw.Write(binary.AppendUvarint(nil, b.applied))
	_, err = b.local.Backup(bw, nil)
	b.mu.Unlock()
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return 0, fmt.Errorf("etcdstore: backup: %w", err)
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

// snapshotBackup reads the header of a snapshot backup, if r starts with
// one, and returns its entry.
func snapshotBackup(r *bufio.Reader) (uint64, bool, error) {
	head, _ := r.Peek(len(snapshotMagic))
	if string(head) != snapshotMagic {
		return 0, false, nil
	}
	r.Discard(len(snapshotMagic))
	seq, err := binary.ReadUvarint(r)
	if err != nil {
		return 0, true, fmt.Errorf("etcdstore: restore: the backup's header is cut short or damaged (entry %d, %v): %w", seq, err, store.ErrInvalid)
	}
	return seq, true, nil
}
