package etcdstore

import (
	"fmt"

	"github.com/klauspost/compress/zstd"

	"github.com/jalonhq/jalon/store"
)

// An op is stored compressed: as JSON it is about 210 bytes a point, and
// etcd's database (2 GiB by default, 8 GiB at most) holds every entry until
// a checkpoint cuts the log. zstd takes a batch of points to a tenth or
// less (docs/architecture.md, "Size").
//
// An inline record compressed is zstdMark followed by the zstd frame: JSON
// records, written before compression, start with '{', so a reader tells
// the two apart by the first byte and keeps reading the old ones. A chunked
// record stays JSON and says in chunks.Enc how its chunks are encoded.
const (
	zstdMark = 'Z'
	encZstd  = "zstd"
)

var (
	// EncodeAll and DecodeAll are safe for concurrent use on one
	// encoder and one decoder.
	encoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	decoder, _ = zstd.NewReader(nil, zstd.WithDecoderMaxMemory(maxEntry), zstd.WithDecoderConcurrency(1))
)

func compress(data []byte) []byte { return encoder.EncodeAll(data, nil) }

func decompress(what string, data []byte) ([]byte, error) {
	out, err := decoder.DecodeAll(data, nil)
	if err != nil {
		return nil, fmt.Errorf("etcdstore: %s does not decompress: %v: %w", what, err, store.ErrInvalid)
	}
	return out, nil
}
