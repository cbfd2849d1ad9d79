package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

func TestBackupWhileWriting(t *testing.T) {
	s, _ := openTemp(t)
	type key struct {
		writer int
		day    int
	}
	var (
		mu    sync.Mutex
		acked = map[key]float64{}
		wg    sync.WaitGroup
		stop  = make(chan struct{})
		warm  sync.WaitGroup // each writer's first 50 writes are acknowledged
	)
	warm.Add(8)
	for g := range 8 {
		wg.Go(func() {
			labels := map[string]string{"writer": fmt.Sprint(g)}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				v := float64(g*1e6 + i)
				if _, err := s.Write(t.Context(), []indicators.Measurement{meas("x", labels, day(i), v)}, "w"); err != nil {
					t.Errorf("Write() = %v", err)
					if i < 50 {
						warm.Done()
					}
					return
				}
				mu.Lock()
				acked[key{g, i}] = v
				mu.Unlock()
				if i == 49 {
					warm.Done()
				}
			}
		})
	}
	// Once some writes are through, snapshot what is acknowledged and back
	// up while the writers go on.
	warm.Wait()
	mu.Lock()
	before := make(map[key]float64, len(acked))
	for k, v := range acked {
		before[k] = v
	}
	mu.Unlock()

	path := filepath.Join(t.TempDir(), "backup.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var announced int64
	n, err := s.Backup(f, func(size int64) { announced = size })
	if cerr := f.Close(); err != nil || cerr != nil {
		t.Fatalf("Backup() = %d, %v (close: %v)", n, err, cerr)
	}
	if announced != n {
		t.Errorf("Backup announced %d bytes, wrote %d", announced, n)
	}
	close(stop)
	wg.Wait()

	b := openAt(t, path, Options{})
	var counted uint64
	err = b.View(func(r Reader) error {
		series, err := r.Series()
		if err != nil {
			return err
		}
		for _, se := range series {
			g, err := strconv.Atoi(se.Labels.Get("writer"))
			if err != nil {
				return err
			}
			got := map[int]float64{}
			err = r.Points(se.ID, time.Time{}, time.Time{}, func(p indicators.Point, _ string) error {
				got[int(p.Time.Sub(epoch)/(24*time.Hour))] = p.Value
				counted++
				return nil
			})
			if err != nil {
				return err
			}
			for k, v := range before {
				if k.writer == g && got[k.day] != v {
					t.Errorf("backup lacks writer %d day %d = %v (has %v)", g, k.day, v, got[k.day])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st := b.Stats(); st.Points != counted || counted < uint64(len(before)) {
		t.Errorf("backup Stats() = %+v, counted %d points, acknowledged before backup %d", st, counted, len(before))
	}
}
