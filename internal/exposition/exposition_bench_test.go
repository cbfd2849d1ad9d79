package exposition

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/store"
)

// scrapeFixture is the data set of `bench/run.sh scrape`: the roadmap plus
// bench/catalog.toml, with n series of bench_level of 12 monthly points that
// follow the plan, so that the snapshot looks like the one the run scrapes.
type scrapeFixture struct {
	store *store.Store
	eval  *evaluator.Evaluator
	now   time.Time
	n     int
}

func newScrapeFixture(tb testing.TB, n int) *scrapeFixture {
	tb.Helper()
	srcs := catalogfile.EmbeddedSources()
	benchCatalog, err := os.ReadFile(filepath.Join("..", "..", "bench", "catalog.toml"))
	if err != nil {
		tb.Fatal(err)
	}
	srcs = append(srcs, tomlcheck.Source{Name: "bench/catalog.toml", Data: benchCatalog})
	c, err := catalogfile.ParseCatalog(srcs...)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(filepath.Join(tb.TempDir(), "jalon.db"), store.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	f := &scrapeFixture{store: st, now: time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC), n: n}
	f.eval = evaluator.New(st, c, evaluator.Options{Now: func() time.Time { return f.now }})
	base, deadline := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	plan := func(t time.Time) float64 { return 1e6 * float64(t.Sub(base)) / float64(deadline.Sub(base)) }
	start := f.now.Truncate(24*time.Hour).AddDate(0, 0, -11*30)
	var batch []indicators.Measurement
	for s := 1; s <= n; s++ {
		for p := 0; p < 12; p++ {
			t := start.Add(time.Duration(p) * 720 * time.Hour)
			batch = append(batch, indicators.Measurement{Indicator: "bench_level", Labels: siteLabels(s),
				Time: t, Value: float64(int(plan(t) * (1 + float64(s%7)/1000)))})
		}
		if len(batch) >= 10000 || s == n {
			if _, err := st.Write(context.Background(), batch, "bench"); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := f.eval.Load(); err != nil {
		tb.Fatal(err)
	}
	return f
}

func siteLabels(s int) indicators.Labels {
	return indicators.Labels{{Name: "site", Value: fmt.Sprintf("s%06d", s)}}
}

// pushOne writes a new latest point to one series and publishes the
// snapshot that re-evaluates it, as a push does in the daemon.
func (f *scrapeFixture) pushOne(tb testing.TB, site int, value float64) {
	tb.Helper()
	ms := []indicators.Measurement{{Indicator: "bench_level", Labels: siteLabels(site),
		Time: f.now.Add(-time.Hour), Value: value}}
	if _, err := f.store.Write(context.Background(), ms, "bench"); err != nil {
		tb.Fatal(err)
	}
	f.eval.Touch(ms)
	if err := f.eval.Refresh(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkExpositionNewSnapshot times the first encoding of a snapshot
// after the previous one was encoded: the cost of the first scrape after a
// push or an evaluation, the one bench/run.sh reports as "first one after a
// new snapshot".
func BenchmarkExpositionNewSnapshot(b *testing.B) {
	f := newScrapeFixture(b, 7000)
	encode := func(h *Handler) {
		if _, _, ok := h.cached(f.eval.Snapshot(), false); !ok {
			b.Fatal("exposition not cached")
		}
	}
	b.Run("one-series-changed", func(b *testing.B) {
		h := &Handler{snapshot: f.eval.Snapshot}
		encode(h)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			f.pushOne(b, 1+i%f.n, float64(500000+i))
			b.StartTimer()
			encode(h)
		}
	})
	b.Run("all-planned-changed", func(b *testing.B) {
		h := &Handler{snapshot: f.eval.Snapshot}
		encode(h)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			f.now = f.now.Add(time.Minute)
			f.eval.EvaluateAll()
			b.StartTimer()
			encode(h)
		}
	})
}
