package ingest

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// BenchmarkPipelineWrite pushes single points through the pipeline from
// parallel writers, with the evaluator subscribed as the daemon wires it.
// The store skips fsync, so that the figure is the pipeline's own cost and
// the store's, not the disk's.
func BenchmarkPipelineWrite(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "jalon.db"), store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ev := evaluator.New(st, countCatalog(), evaluator.Options{Interval: time.Hour, Settle: time.Hour})
	p := benchPipeline(b, st, ev)
	var n atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := n.Add(1)
		for i := 0; pb.Next(); i++ {
			ms := []indicators.Measurement{{Indicator: "count", Labels: indicators.Labels{{Name: "writer", Value: fmt.Sprint(w)}},
				Time: now.Add(-time.Duration(i) * time.Minute), Value: float64(i)}}
			if _, err := p.Write(b.Context(), ms, "bench", "push"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
