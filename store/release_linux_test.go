package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// rssFile returns the process's resident file-backed memory in bytes.
func rssFile(t *testing.T) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "RssFile:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no RssFile in /proc/self/status")
	return 0
}

// TestReleaseMapped reads a whole store through the memory map, releases
// it, and checks that the process's resident file memory fell by most of
// the file while reads still return the same points.
func TestReleaseMapped(t *testing.T) {
	const series, points = 200, 1000
	path := filepath.Join(t.TempDir(), "jalon.db")
	s := openAt(t, path, Options{NoSync: true})
	ctx := context.Background()
	for i := range series {
		batch := make([]indicators.Measurement, points)
		for p := range batch {
			batch[p] = meas("x", map[string]string{"site": fmt.Sprint(i)}, day(0).Add(time.Duration(p)*time.Hour), float64(i*points+p))
		}
		if _, err := s.Write(ctx, batch, "test"); err != nil {
			t.Fatal(err)
		}
	}
	readAll := func() (n int, sum float64) {
		t.Helper()
		for id := uint64(1); id <= series; id++ {
			err := s.Points(id, time.Time{}, time.Time{}, func(p indicators.Point, _ string) error {
				n++
				sum += p.Value
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		return n, sum
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	n, sum := readAll()
	read := rssFile(t)
	if err := s.ReleaseMapped(); err != nil {
		t.Fatal(err)
	}
	released := rssFile(t)
	t.Logf("file %d KiB; RssFile %d KiB after reading it all, %d KiB after ReleaseMapped", fi.Size()>>10, read>>10, released>>10)
	if read-released < fi.Size()/2 {
		t.Errorf("ReleaseMapped freed %d KiB of resident file memory, want at least half the %d KiB file", (read-released)>>10, fi.Size()>>10)
	}
	if n2, sum2 := readAll(); n2 != n || sum2 != sum || n != series*points {
		t.Errorf("after ReleaseMapped: %d points summing to %g, before: %d summing to %g, want %d points", n2, sum2, n, sum, series*points)
	}
}
