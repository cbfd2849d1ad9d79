package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

// regions are INSEE region codes the labelled pushes spread over.
var regions = []string{"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}

// loadPoints returns the points of one push of the load: a single point,
// or every eighth push a batch of three across both indicators. Every
// (round, worker, seq, i) gives a distinct point with a value derived from
// it, so a point read back can be told from any other.
func loadPoints(base time.Time, round, worker, seq int) []point {
	n := 1
	if seq%8 == 7 {
		n = 3
	}
	ps := make([]point, 0, n)
	for i := range n {
		k := seq*4 + i
		t := base.Add(time.Duration(round)*10*24*time.Hour + time.Duration(worker)*time.Hour + time.Duration(k)*time.Millisecond)
		if (worker+i)%2 == 0 {
			ps = append(ps, point{Indicator: documentsFed, Time: t, Value: float64(round*1_000_000+worker*10_000+k) + 0.25})
			continue
		}
		ps = append(ps, point{Indicator: awarenessShare, Labels: map[string]string{"region": regions[(worker+k)%len(regions)]},
			Time: t, Value: math.Mod(float64(round*1_000_000+worker*10_000+k)*0.37, 100)})
	}
	return ps
}

// load pushes from many goroutines until stopped, and keeps every point
// acknowledged with 200.
type load struct {
	d       *daemon
	base    time.Time
	round   int
	stopped atomic.Bool // set before the daemon is stopped: connection errors are expected

	mu     sync.Mutex
	sent   []point // every point pushed, acknowledged or not
	acked  []point
	pushes int
	// onAck, if set, is called under mu with each acknowledged push.
	onAck func(ps []point)
	// reached is closed once pushes reaches target.
	target  int
	reached chan struct{}

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func startLoad(t *testing.T, d *daemon, base time.Time, round, workers, target int, onAck func(ps []point)) *load {
	ctx, cancel := context.WithCancel(context.Background())
	l := &load{d: d, base: base, round: round, target: target, reached: make(chan struct{}), onAck: onAck, cancel: cancel}
	t.Cleanup(l.stop)
	for w := range workers {
		l.wg.Add(1)
		go l.worker(ctx, t, w)
	}
	return l
}

func (l *load) worker(ctx context.Context, t *testing.T, w int) {
	defer l.wg.Done()
	for seq := 0; ctx.Err() == nil; seq++ {
		ps := loadPoints(l.base, l.round, w, seq)
		l.mu.Lock()
		l.sent = append(l.sent, ps...)
		l.mu.Unlock()
		code, body, err := l.d.push(ctx, "", ps...)
		if err != nil {
			// Once the daemon is being stopped, connections fail; before,
			// nothing may.
			if !l.stopped.Load() {
				t.Errorf("POST /api/v1/measurements (worker %d, push %d): %v", w, seq, err)
			}
			return
		}
		if code != http.StatusOK {
			// Even a draining daemon answers what it accepted with 200.
			t.Errorf("POST /api/v1/measurements (worker %d, push %d) = %d %s, want 200", w, seq, code, body)
			return
		}
		l.mu.Lock()
		l.acked = append(l.acked, ps...)
		if l.onAck != nil {
			l.onAck(ps)
		}
		l.pushes++
		if l.pushes == l.target {
			close(l.reached)
		}
		l.mu.Unlock()
	}
}

// waitPushes waits until target pushes are acknowledged.
func (l *load) waitPushes(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case <-l.reached:
	case <-l.d.exited:
		t.Fatalf("jalond exited under load: %v", l.d.err)
	case <-time.After(d):
		l.mu.Lock()
		n := l.pushes
		l.mu.Unlock()
		t.Fatalf("acknowledged pushes = %d after %s, want %d", n, d, l.target)
	}
}

// stop ends the load and waits for every worker.
func (l *load) stop() {
	l.stopped.Store(true)
	l.cancel()
	l.wg.Wait()
}

// points returns the points acknowledged and every point pushed.
func (l *load) points() (acked, sent []point) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]point(nil), l.acked...), append([]point(nil), l.sent...)
}

// checkAllPushed reports every stored point that was never pushed or is
// stored with another value. A point may be committed before its push is
// acknowledged (the client gave up, the daemon died), so stored points may
// outnumber acknowledged ones, but never pushed ones.
func checkAllPushed(t *testing.T, got map[string]point, sent []point) {
	t.Helper()
	pushed := make(map[string]point, len(sent))
	for _, p := range sent {
		pushed[p.key()] = p
	}
	for k, g := range got {
		p, ok := pushed[k]
		switch {
		case !ok:
			t.Errorf("stored point %s was never pushed", k)
		case g.Value != p.Value:
			t.Errorf("stored point %s value = %v, want %v as pushed", k, g.Value, p.Value)
		}
	}
}

// TestDurabilityUnderLoad kills jalond with SIGKILL in the middle of
// concurrent pushes, three times on the same data directory, then stops it
// with SIGTERM under the same load, and checks after each restart that
// every acknowledged point is stored and nothing else is.
func TestDurabilityUnderLoad(t *testing.T) {
	const (
		workers = 24
		// pushesBeforeStop is how many pushes are acknowledged before the
		// signal: one to two seconds of load on a laptop.
		pushesBeforeStop = 1500
	)
	rounds := []struct {
		name   string
		signal syscall.Signal
	}{
		{"first kill", syscall.SIGKILL},
		{"second kill", syscall.SIGKILL},
		{"third kill", syscall.SIGKILL},
		{"graceful stop under load", syscall.SIGTERM},
	}
	dir := t.TempDir()
	base := time.Now().UTC().Truncate(24*time.Hour).AddDate(-1, 0, 0)
	ids := []string{documentsFed, awarenessShare}
	var acked, sent []point
	replays := 0 // starts that found acknowledged writes only in the write-ahead log
	for round, r := range rounds {
		d := startDaemon(t, dir)
		if strings.Contains(d.stderr.String(), "write-ahead log replayed") {
			replays++
		}
		got := d.stored(t, "", ids...)
		checkAllStored(t, got, acked)
		checkAllPushed(t, got, sent)
		start := time.Now()
		l := startLoad(t, d, base, round, workers, pushesBeforeStop, nil)
		l.waitPushes(t, 30*time.Second)
		l.stopped.Store(true)
		if r.signal == syscall.SIGKILL {
			d.kill()
		} else {
			d.stop(t) // exit 0 within a few seconds while pushes go on
		}
		l.stop()
		a, s := l.points()
		t.Logf("%s: %s after %s, %d points acknowledged of %d pushed", r.name, r.signal, time.Since(start).Round(time.Millisecond), len(a), len(s))
		acked, sent = append(acked, a...), append(sent, s...)
		if t.Failed() {
			t.FailNow()
		}
	}
	d := startDaemon(t, dir)
	got := d.stored(t, "", ids...)
	checkAllStored(t, got, acked)
	checkAllPushed(t, got, sent)
	d.stop(t)
	checkBoltFile(t, filepath.Join(dir, "jalon.db"))
	// Killed under load, the daemon leaves pushes it acknowledged in the log
	// only: the test must have exercised their replay, not just clean files.
	if replays == 0 {
		t.Error("no start after a kill replayed the write-ahead log: the kills never caught acknowledged writes in it")
	}
	if strings.Contains(d.stderr.String(), "write-ahead log replayed") {
		t.Error("the start after a graceful stop replayed the write-ahead log: stopping should have emptied it")
	}
}

// checkBoltFile runs bbolt's consistency check on a closed data file: the
// daemon opening it proves little about pages it never reads. The test
// reaches past the store package on purpose: it checks the file format, not
// Jalon's code.
func checkBoltFile(t *testing.T, path string) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	err = db.View(func(tx *bbolt.Tx) error {
		n := 0
		for err := range tx.Check() {
			n++
			t.Errorf("check %s: %v", path, err)
		}
		if n > 0 {
			return fmt.Errorf("%d problems", n)
		}
		return nil
	})
	if err != nil {
		t.Errorf("check %s: %v", path, err)
	}
}

// TestBackupRestore takes a backup while pushes go on and starts a second
// jalond on it: every point acknowledged before the backup was asked for is
// in it.
func TestBackupRestore(t *testing.T) {
	const workers = 8
	d := startDaemon(t, t.TempDir())
	base := time.Now().UTC().Truncate(24*time.Hour).AddDate(-1, 0, 0)

	var (
		backupAsked bool
		before      []point // acknowledged before the backup was asked for
	)
	// onAck runs under l.mu, which also guards backupAsked and before.
	l := startLoad(t, d, base, 0, workers, 200, func(ps []point) {
		if !backupAsked {
			before = append(before, ps...)
		}
	})
	l.waitPushes(t, 30*time.Second)

	restoreDir := t.TempDir()
	l.mu.Lock()
	backupAsked = true
	l.mu.Unlock()
	n := backup(t, d, filepath.Join(restoreDir, "jalon.db"))
	l.stop()
	all, _ := l.points()
	t.Logf("backup of %d bytes; %d points acknowledged before it was asked for, %d after", n, len(before), len(all)-len(before))

	r := startDaemon(t, restoreDir)
	got := r.stored(t, "", documentsFed, awarenessShare)
	checkAllStored(t, got, before)
	_, sent := l.points()
	checkAllPushed(t, got, sent)
	r.stop(t)
	checkBoltFile(t, filepath.Join(restoreDir, "jalon.db"))
}

// backup streams GET /api/v1/admin/backup into path and returns its size.
func backup(t *testing.T, d *daemon, path string) int64 {
	t.Helper()
	resp, err := client.Get(d.base + "/api/v1/admin/backup")
	if err != nil {
		t.Fatalf("GET /api/v1/admin/backup: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET /api/v1/admin/backup = %d %s, want 200", resp.StatusCode, body)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("GET /api/v1/admin/backup: copy into %s: %v", path, err)
	}
	return n
}
