package remotewrite

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// The remote-write 1.0 message, encoded by hand (prometheus/prompb's
// types.proto and remote.proto): a WriteRequest holds TimeSeries (field 1),
// each with Labels (1: name, 2: value) and Samples (1: double value,
// 2: int64 milliseconds). Hand encoding spares the generated code and its
// dependencies for a message of four types that will not change.

// label is one label of a series.
type label struct{ name, value string }

// sample is one point to send, with its series' labels sorted by name,
// __name__ included.
type sample struct {
	labels []label
	ms     int64 // Unix milliseconds
	value  float64
}

// series groups a batch's samples by label set, samples in time order, as
// a receiver appends them best.
func series(batch []sample) [][]sample {
	byKey := map[string]int{}
	var out [][]sample
	var key strings.Builder
	for _, s := range batch {
		key.Reset()
		for _, l := range s.labels {
			key.WriteString(l.name + "\xff" + l.value + "\xff")
		}
		i, ok := byKey[key.String()]
		if !ok {
			i = len(out)
			byKey[key.String()] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], s)
	}
	for _, ss := range out {
		slices.SortStableFunc(ss, func(a, b sample) int { return cmp.Compare(a.ms, b.ms) })
	}
	return out
}

// encodeWriteRequest returns the protobuf WriteRequest of batch.
func encodeWriteRequest(batch []sample) []byte {
	var b, ts []byte
	for _, ss := range series(batch) {
		ts = ts[:0]
		for _, l := range ss[0].labels {
			ts = protowire.AppendTag(ts, 1, protowire.BytesType)
			ts = protowire.AppendBytes(ts, appendLabel(nil, l))
		}
		for _, s := range ss {
			ts = protowire.AppendTag(ts, 2, protowire.BytesType)
			ts = protowire.AppendBytes(ts, appendSample(nil, s))
		}
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendBytes(b, ts)
	}
	return b
}

func appendLabel(b []byte, l label) []byte {
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, l.name)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	return protowire.AppendString(b, l.value)
}

func appendSample(b []byte, s sample) []byte {
	b = protowire.AppendTag(b, 1, protowire.Fixed64Type)
	b = protowire.AppendFixed64(b, math.Float64bits(s.value))
	b = protowire.AppendTag(b, 2, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(s.ms))
}
