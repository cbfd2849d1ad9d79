package etcdstore

import "context"

// HoldTurn takes the committer's turn, as a caller appending a group does:
// changes made until release queue, and the next committer takes them
// together.
func HoldTurn(b *Backend) (release func()) {
	turn := b.group.turnChan()
	turn <- struct{}{}
	return func() { <-turn }
}

// Queued is the number of changes waiting for the next group.
func Queued(b *Backend) int {
	b.group.mu.Lock()
	defer b.group.mu.Unlock()
	return len(b.group.queue)
}

// AppendOp appends data, an op as JSON, as one entry of its own, the way
// every entry was appended before group commit.
func AppendOp(b *Backend, ctx context.Context, data []byte) error {
	_, err := b.submit(ctx, data) // alone, it is its own entry
	return err
}

// Compress is the encoding of an inline entry: the mark and the zstd frame.
func Compress(data []byte) []byte { return append([]byte{zstdMark}, compress(data)...) }

// EntryKey is the key of log entry seq under prefix.
func EntryKey(prefix string, seq uint64) string { return newKeys(prefix).entry(seq) }
