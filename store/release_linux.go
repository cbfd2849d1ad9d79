package store

import "syscall"

// dropMapped asks the kernel to unmap the resident pages of [addr,
// addr+size) from this process. On a shared read-only file mapping,
// MADV_DONTNEED loses nothing: no page is dirty, and the next access reads
// the page cache again.
func dropMapped(addr uintptr, size int64) error {
	if size <= 0 {
		return nil
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, uintptr(size), syscall.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}
