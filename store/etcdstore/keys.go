package etcdstore

import (
	"fmt"
	"strconv"
	"strings"
)

// keys names the keys of one deployment: its log entries and the chunks of
// the entries too large for one request.
type keys struct{ prefix string }

func newKeys(prefix string) keys {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return keys{prefix: prefix}
}

// entry is the key of log entry seq: fixed-width hex, so that etcd's
// bytewise key order is the log's order.
func (k keys) entry(seq uint64) string { return fmt.Sprintf("%slog/%016x", k.prefix, seq) }

// logEnd is the end of the log's key range (exclusive).
func (k keys) logEnd() string { return k.prefix + "log0" }

// seq parses an entry key.
func (k keys) seq(key []byte) (uint64, error) {
	hex := strings.TrimPrefix(string(key), k.prefix+"log/")
	seq, err := strconv.ParseUint(hex, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("etcdstore: key %q in the log is not an entry: %w", key, err)
	}
	return seq, nil
}

// chunk is the key of the i-th chunk of a staged entry.
func (k keys) chunk(id string, i int) string { return fmt.Sprintf("%schunk/%s/%06d", k.prefix, id, i) }
