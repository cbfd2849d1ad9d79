package store

import (
	"os"
	"syscall"
)

// fdatasync flushes f's data, and only the metadata needed to read it back,
// as bbolt does on Linux: appending to a segment changes its size, which
// fdatasync covers, but not its times, which it skips.
func fdatasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
