package store

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

func BenchmarkWriteSinglePointParallel(b *testing.B) {
	s := openAt(b, filepath.Join(b.TempDir(), "jalon.db"), Options{})
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((64 + procs - 1) / procs) // at least 64 writers
	var writers atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		labels := indicators.Labels{{Name: "writer", Value: strconv.FormatInt(writers.Add(1), 10)}}
		ms := make([]indicators.Measurement, 1)
		for i := 0; pb.Next(); i++ {
			ms[0] = indicators.Measurement{Indicator: "bench", Labels: labels, Time: epoch.Add(time.Duration(i) * time.Minute), Value: float64(i), Source: "bench"}
			if _, err := s.Write(b.Context(), ms, "bench"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
	b.ReportMetric(float64(writers.Load()), "writers")
}

func BenchmarkWriteBatch1000(b *testing.B) {
	s := openAt(b, filepath.Join(b.TempDir(), "jalon.db"), Options{})
	ms := make([]indicators.Measurement, 1000)
	b.ResetTimer()
	for n := 0; b.Loop(); n++ {
		for i := range ms { // 10 series × 100 new points
			region := strconv.Itoa(i % 10)
			ms[i] = indicators.Measurement{Indicator: "bench", Labels: indicators.Labels{{Name: "region", Value: region}},
				Time: epoch.Add(time.Duration(n*100+i/10) * time.Minute), Value: float64(i), Source: "bench"}
		}
		if res, err := s.Write(b.Context(), ms, "bench"); err != nil || res.New != len(ms) {
			b.Fatalf("Write() = %+v, %v", res, err)
		}
	}
	b.ReportMetric(float64(b.N*len(ms))/b.Elapsed().Seconds(), "points/s")
}

// fixtures holds store files built once per test binary, since building
// millions of points takes seconds; TestMain removes them.
var fixtures = struct {
	sync.Mutex
	dir   string
	paths map[int]string
}{paths: map[int]string{}}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtures.dir != "" {
		_ = os.RemoveAll(fixtures.dir)
	}
	os.Exit(code)
}

// fixture returns a closed store file with series × points points.
func fixture(b *testing.B, series, points int) string {
	b.Helper()
	fixtures.Lock()
	defer fixtures.Unlock()
	if p, ok := fixtures.paths[series*points]; ok {
		return p
	}
	if fixtures.dir == "" {
		dir, err := os.MkdirTemp("", "jalon-store-bench-")
		if err != nil {
			b.Fatal(err)
		}
		fixtures.dir = dir
	}
	path := filepath.Join(fixtures.dir, fmt.Sprintf("%dx%d.db", series, points))
	start := time.Now()
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	const perWrite = 50_000
	ms := make([]indicators.Measurement, 0, perWrite)
	for id := range series {
		labels := indicators.Labels{{Name: "department", Value: strconv.Itoa(id)}}
		for i := range points {
			ms = append(ms, indicators.Measurement{Indicator: "bench", Labels: labels,
				Time: epoch.AddDate(0, 0, 7*i), Value: float64(i), Source: "bench"})
		}
		if len(ms) >= perWrite-points || id == series-1 {
			if _, err := s.Write(b.Context(), ms, "bench"); err != nil {
				b.Fatal(err)
			}
			ms = ms[:0]
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	b.Logf("fixture %d series × %d points: %s, %d MiB", series, points, time.Since(start).Round(time.Millisecond), st.Size()>>20)
	fixtures.paths[series*points] = path
	return path
}

func BenchmarkReadLast60Of100kSeries(b *testing.B) {
	s := openAt(b, fixture(b, 100_000, 60), Options{})
	all, err := s.Series()
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]indicators.Point, 0, 60)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		err := s.View(func(r Reader) error {
			for _, se := range all {
				if buf, err = r.LastPoints(se.ID, 60, buf); err != nil || len(buf) != 60 {
					return fmt.Errorf("LastPoints(%d) = %d points, %v", se.ID, len(buf), err)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(all)), "ns/series")
}

func BenchmarkOpen(b *testing.B) {
	for _, size := range []struct{ series, points int }{{100, 60}, {100_000, 60}} {
		b.Run(fmt.Sprintf("points=%d", size.series*size.points), func(b *testing.B) {
			path := fixture(b, size.series, size.points)
			for b.Loop() {
				s, err := Open(path, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFrameRecord measures what the log's framing costs a
// single-point record, written then checked as a replay reads it: the
// checksums are the only difference between segment formats.
func BenchmarkFrameRecord(b *testing.B) {
	reqs := []*writeReq{newWriteReq([]indicators.Measurement{meas("mes_documents", map[string]string{"region": "84"}, day(0), 1)}, "push")}
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf = appendRecord(buf[:0], 1, epoch, reqs)
		if _, ok := framed(buf, segmentFormat); !ok {
			b.Fatal("record does not frame")
		}
	}
}
