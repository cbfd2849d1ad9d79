package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
)

// restoreHint is what to do about a damaged store file.
const restoreHint = "restore the last backup in its place (docs/operations.md, \"Damaged store\")"

// checkFiles refuses, before bbolt maps anything, the states of the store
// directory a new or damaged file would hide: an empty file (bbolt would
// silently make it a new store), a file cut short (its pages would be
// mapped past the end of the file: SIGBUS), no valid meta page, or no file
// beside a log that holds records. It returns a warning for a meta page
// bbolt will pass over for the other one.
func checkFiles(path string) (warning string, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if n := countSegments(walDir(path)); n > 0 {
			return "", fmt.Errorf("the store file is missing, but its write-ahead log %s holds %d segments: %s, then run `jalonctl store repair` to replay the log onto it",
				walDir(path), n, restoreHint)
		}
		return "", nil
	case err != nil:
		return "", err
	case fi.Size() == 0:
		return "", fmt.Errorf("%w: the file is empty (0 bytes), not a store (a restore cut short?): %s; if it never held data, delete it to start an empty store",
			ErrDamaged, restoreHint)
	}
	return checkMeta(path, fi.Size())
}

// countSegments counts the files in a log directory; none if it is missing.
func countSegments(dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	return len(entries)
}

// boltMeta is what checkMeta reads of a bbolt meta page: the page size,
// the root bucket's and freelist's pages, the high-water mark (pages in
// use) and the transaction id.
type boltMeta struct {
	pageSize                   uint32
	root, freelist, pgid, txid uint64
	err                        string // why the page is not valid; empty if it is
}

// bbolt's meta page, in the machine's byte order, after the 16-byte page
// header: magic, version, page size, flags (4 bytes each), root bucket
// (page, sequence), freelist page, high-water mark, txid, then an FNV-64a
// checksum of everything before it.
const (
	boltMetaOffset = 16
	boltMetaSize   = 64
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	boltNoFreelist = ^uint64(0)
)

func parseMeta(page []byte) boltMeta {
	if len(page) < boltMetaOffset+boltMetaSize {
		return boltMeta{err: "cut short"}
	}
	b := page[boltMetaOffset : boltMetaOffset+boltMetaSize]
	ne := binary.NativeEndian
	m := boltMeta{pageSize: ne.Uint32(b[8:]), root: ne.Uint64(b[16:]), freelist: ne.Uint64(b[32:]),
		pgid: ne.Uint64(b[40:]), txid: ne.Uint64(b[48:])}
	h := fnv.New64a()
	h.Write(b[:56])
	switch {
	case ne.Uint32(b) != boltMagic:
		m.err = "not a bbolt meta page"
	case ne.Uint32(b[4:]) != boltVersion:
		m.err = fmt.Sprintf("bbolt format %d", ne.Uint32(b[4:]))
	case ne.Uint64(b[56:]) != h.Sum64():
		m.err = "checksum mismatch"
	}
	return m
}

// checkMeta reads both meta pages of the file at path, of size bytes, and
// checks the one bbolt will use (the valid one of the higher transaction)
// against the file's size.
func checkMeta(path string, size int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var buf [boltMetaOffset + boltMetaSize]byte
	m0 := parseMeta(readAt(f, buf[:], 0))
	ps := int64(os.Getpagesize())
	if m0.err == "" {
		ps = int64(m0.pageSize)
	}
	m1 := parseMeta(readAt(f, buf[:], ps))
	use, other, otherPage := m0, m1, 1
	if m1.err == "" && (m0.err != "" || m1.txid > m0.txid) {
		use, other, otherPage = m1, m0, 0
	}
	if use.err != "" {
		return "", fmt.Errorf("%w: neither meta page is valid (page 0: %s; page 1: %s): %s", ErrDamaged, m0.err, m1.err, restoreHint)
	}
	if err := use.check(size); err != nil {
		return "", err
	}
	switch {
	case other.err == "":
	case other.txid+1 == use.txid:
		// bbolt writes the two pages in turn: this one was the previous
		// transaction's, and nothing is lost without it.
		return fmt.Sprintf("meta page %d (%s) passed over for the other, of transaction %d", otherPage, other.err, use.txid), nil
	default:
		return "", fmt.Errorf("%w: meta page %d is damaged (%s) and may be the last transaction's (the other is transaction %d): using the other could lose it: %s",
			ErrDamaged, otherPage, other.err, use.txid, restoreHint)
	}
	return "", nil
}

// check refuses a meta page whose pages lie past the end of the file.
func (m boltMeta) check(size int64) error {
	ps := uint64(m.pageSize)
	switch {
	case ps < 1024 || ps > 1<<24:
		return fmt.Errorf("%w: page size %d: %s", ErrDamaged, ps, restoreHint)
	case m.pgid > uint64(size)/ps:
		return fmt.Errorf("%w: the file is cut short: transaction %d uses %d pages of %d bytes (%d bytes), the file has %d bytes: %s",
			ErrDamaged, m.txid, m.pgid, ps, m.pgid*ps, size, restoreHint)
	case m.root >= m.pgid || m.freelist >= m.pgid && m.freelist != boltNoFreelist:
		return fmt.Errorf("%w: the meta page of transaction %d points past its last page %d: %s", ErrDamaged, m.txid, m.pgid, restoreHint)
	}
	return nil
}

// readAt reads into b at off and returns what it read: less at the end of
// the file.
func readAt(f *os.File, b []byte, off int64) []byte {
	k, err := f.ReadAt(b, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil
	}
	return b[:k]
}

// guard runs f, turning a panic or a memory fault (a page mapped past the
// end of the file) into ErrDamaged: bbolt panics on pages it cannot read,
// and a damaged file is the operator's to restore, not a crash with a
// stack.
func guard(f func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v: %s", ErrDamaged, r, restoreHint)
		}
	}()
	return f()
}
