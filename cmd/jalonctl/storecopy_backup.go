package main

import (
	"fmt"
	"os"

	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/store/etcdstore"
)

// openBackupFile opens, as a store file, the record in a backup of the etcd
// backend (`jalonctl backup` or GET /api/v1/admin/backup on a replica on etcd):
// it copies the store file the backup holds to path and opens that. ok is
// false when name is no such backup, to be opened as a store file.
func openBackupFile(name, path string) (st *store.Store, seq uint64, ok bool, err error) {
	in, err := os.Open(name)
	if err != nil {
		return nil, 0, false, nil // openCopyEnd says what is wrong with the name
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, 0, false, err
	}
	seq, ok, err = etcdstore.BackupStore(in, out)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if !ok || err != nil {
		os.Remove(path)
		return nil, seq, ok, err
	}
	st, err = store.Open(path, store.Options{})
	if err != nil {
		return nil, seq, true, fmt.Errorf("a backup of the etcd backend as of entry %d, whose store file does not open (%w): is it cut short? take the backup again", seq, err)
	}
	return st, seq, true, nil
}
