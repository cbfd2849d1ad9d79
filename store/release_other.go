//go:build !linux

package store

// dropMapped does nothing outside Linux: resident file pages are left to
// the kernel.
func dropMapped(uintptr, int64) error { return nil }
