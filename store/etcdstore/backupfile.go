package etcdstore

import (
	"bufio"
	"fmt"
	"io"

	"github.com/jalonhq/jalon/store"
)

// BackupStore reads a backup that Backup wrote from r and copies the store
// file it holds, the record as of its entry, to w: what a tool needs to
// restore the backup as a store file, or to copy it into a prefix, without
// the etcd cluster it came from. ok is false when r is no backup of this
// backend (then nothing but its first bytes was read); a backup of the
// first format, the log's entries, holds no store file and is refused.
func BackupStore(r io.Reader, w io.Writer) (seq uint64, ok bool, err error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(len(backupMagic)); string(head) == backupMagic {
		return 0, true, fmt.Errorf("etcdstore: a backup of the first format (%q: the log's entries) holds no store file; this reads backups of the second format (%q), which jalond writes since checkpoints cut the log: take a new backup: %w",
			backupMagic[:len(backupMagic)-1], snapshotMagic[:len(snapshotMagic)-1], store.ErrInvalid)
	}
	seq, ok, err = snapshotBackup(br)
	if !ok || err != nil {
		return seq, ok, err
	}
	if _, err := io.Copy(w, br); err != nil {
		return seq, true, fmt.Errorf("etcdstore: read the backup of entry %d: %w", seq, err)
	}
	return seq, true, nil
}
