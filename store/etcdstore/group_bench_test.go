package etcdstore_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// BenchmarkParallelWrites is the durable single-point push on the etcd
// backend: 64 writers (SetParallelism over GOMAXPROCS) each writing one
// point at a time through one replica of the package's 3-member cluster,
// cycling over 1 000 series. It reports writes a second and the writes an
// entry held (group commit's batch); docs/architecture.md, "Ordering and
// acknowledgement", has the figures before and after group commit.
func BenchmarkParallelWrites(b *testing.B) {
	cli := client(b)
	be := open(b, cli, newPrefix(), nil)
	defer be.Close()
	const writers = 64
	b.SetParallelism(max(1, writers/runtime.GOMAXPROCS(0)))
	var n atomic.Int64
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	start := be.Entries()
	b.ResetTimer()
	began := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			m := indicators.Measurement{Indicator: "push", Labels: indicators.Labels{{Name: "n", Value: fmt.Sprint(i % 1000)}},
				Time: at.Add(time.Duration(i) * time.Second), Value: float64(i)}
			if _, err := be.Write(b.Context(), []indicators.Measurement{m}, "bench"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	elapsed := time.Since(began)
	b.StopTimer()
	entries := be.Entries() - start
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "writes/s")
	if entries > 0 {
		b.ReportMetric(float64(b.N)/float64(entries), "writes/entry")
	}
}
