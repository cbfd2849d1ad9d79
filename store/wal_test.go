package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

func TestWALRecordRoundTrip(t *testing.T) {
	ms := []indicators.Measurement{
		{Indicator: "1-1", Time: time.Date(2025, 3, 1, 12, 30, 0, 123456789, time.UTC), Value: 1.25e8, Source: "cnam"},
		{Indicator: "users", Labels: indicators.NewLabels(map[string]string{"region": "84", "dép": "69 – Rhône"}),
			Time: time.Unix(0, math.MinInt64+1).UTC(), Value: math.Copysign(0, -1)},
		{Indicator: "x", Time: time.Unix(0, math.MaxInt64).UTC(), Value: math.SmallestNonzeroFloat64, Source: strings.Repeat("s", 300)},
	}
	reqs := []*writeReq{newWriteReq(ms, "alice"), newWriteReq(ms[1:2], "")}
	now := time.Date(2026, 11, 28, 16, 0, 0, 7, time.UTC)
	b := appendRecord(nil, 42, now, reqs)
	payload, ok := framed(b, segmentFormat)
	if !ok || len(payload)+walHeader != len(b) {
		t.Fatalf("framed(record) = %d bytes, %v; want the whole %d-byte record", len(payload), ok, len(b))
	}
	rec, err := decodeRecord(payload)
	if err != nil {
		t.Fatal(err)
	}
	want := walRecord{seq: 42, now: now, reqs: []walRequest{{actor: "alice", ms: ms}, {actor: "", ms: ms[1:2]}}}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("decodeRecord() =\n%+v\nwant\n%+v", rec, want)
	}
	// Every cut is refused, by the frame or by the decoder, never decoded
	// into fewer measurements.
	for n := range len(b) {
		if p, ok := framed(b[:n], segmentFormat); ok {
			t.Fatalf("framed(first %d bytes) accepted %d bytes", n, len(p))
		}
		if n > walHeader {
			if _, err := decodeRecord(b[walHeader:n]); err == nil {
				t.Fatalf("decodeRecord(first %d bytes of the payload) succeeded", n-walHeader)
			}
		}
	}
	// A flipped bit fails the CRC.
	bad := bytes.Clone(b)
	bad[len(bad)-3] ^= 0x10
	if _, ok := framed(bad, segmentFormat); ok {
		t.Error("framed(record with a flipped bit) accepted it")
	}
}

func FuzzDecodeRecord(f *testing.F) {
	f.Add(appendRecord(nil, 1, epoch, []*writeReq{newWriteReq([]indicators.Measurement{meas("a", map[string]string{"r": "1"}, day(0), 1)}, "x")})[walHeader:])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, p []byte) {
		rec, err := decodeRecord(p)
		if err != nil {
			return
		}
		// What decodes encodes to a payload that decodes to the same record
		// (the first payload may spell a number in a longer varint).
		enc := func(rec walRecord) []byte {
			reqs := make([]*writeReq, len(rec.reqs))
			for i, q := range rec.reqs {
				reqs[i] = newWriteReq(q.ms, q.actor)
			}
			return appendRecord(nil, rec.seq, rec.now, reqs)[walHeader:]
		}
		once := enc(rec)
		again, err := decodeRecord(once)
		if err != nil {
			t.Fatalf("decoding an encoded record: %v", err)
		}
		if twice := enc(again); !bytes.Equal(once, twice) {
			t.Fatalf("encode, decode, encode changed the payload:\n%x\n%x", once, twice)
		}
	})
}

// crashEnv names the store file a helper process writes to before dying.
const crashEnv = "JALON_TEST_CRASH_STORE"

// TestCrashHelper is not a test: run by crashWrite in a child process, it
// writes batches to the store named by crashEnv, prints "acked N" once each
// Write returns, and exits without closing the store, as a killed daemon
// would: nothing gets the chance to move the log into the file.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process for the crash tests")
	}
	if n, err := strconv.ParseInt(os.Getenv(crashEnv+"_SEGMENT"), 10, 64); err == nil {
		walSegmentSize = n
	}
	// Only a read applies the log, however slow the machine: the parent
	// knows what the file holds.
	applyDelay, applyBatch = time.Hour, 1<<30
	s, err := Open(path, Options{Now: func() time.Time { return epoch }})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	rounds, _ := strconv.Atoi(os.Getenv(crashEnv + "_ROUNDS"))
	syncAt, _ := strconv.Atoi(os.Getenv(crashEnv + "_SYNC_AT"))
	for i := range rounds {
		ms := []indicators.Measurement{
			meas("docs", nil, day(i), float64(i)),
			meas("users", map[string]string{"region": "84"}, day(i%3), float64(i)), // revised round after round
		}
		if _, err := s.Write(context.Background(), ms, "child"); err != nil {
			fmt.Println("write:", err)
			os.Exit(3)
		}
		fmt.Println("acked", i)
		if i+1 == syncAt {
			if _, err := s.Series(); err != nil { // a read: applies the log to the file
				fmt.Println("read:", err)
				os.Exit(3)
			}
		}
	}
	os.Exit(0)
}

// crashWrite runs TestCrashHelper on path and returns how many rounds it
// acknowledged.
func crashWrite(t *testing.T, path string, rounds, syncAt int) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path, crashEnv+"_ROUNDS="+strconv.Itoa(rounds),
		crashEnv+"_SYNC_AT="+strconv.Itoa(syncAt), crashEnv+"_SEGMENT="+strconv.FormatInt(walSegmentSize, 10))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("crash helper: %v\n%s", err, out)
	}
	acked := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "acked ") {
			acked++
		}
	}
	return acked
}

// checkCrashRounds checks that the store holds exactly what rounds of
// TestCrashHelper acknowledged, each audited once.
func checkCrashRounds(t *testing.T, s *Store, rounds int) {
	t.Helper()
	got := map[string]float64{}
	err := s.View(func(r Reader) error {
		series, err := r.Series()
		if err != nil {
			return err
		}
		for _, se := range series {
			err := r.Points(se.ID, minTime, maxTime, func(p indicators.Point, _ string) error {
				got[se.Indicator+" "+p.Time.Format(time.DateOnly)] = p.Value
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for i := range rounds {
		want["docs "+day(i).Format(time.DateOnly)] = float64(i)
		want["users "+day(i%3).Format(time.DateOnly)] = float64(i)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the crash the store holds\n%v\nwant\n%v", got, want)
	}
	audit, err := s.Audit(0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	pushes := 0
	for _, e := range audit {
		if e.Action == ActionPush {
			pushes++
		}
	}
	if pushes != rounds {
		t.Errorf("audit log has %d push entries, want %d: one per acknowledged write, none replayed twice", pushes, rounds)
	}
	if st := s.Stats(); st.Points != uint64(rounds+min(rounds, 3)) || st.Series != 2 {
		t.Errorf("Stats() = %+v, want %d points in 2 series", st, rounds+min(rounds, 3))
	}
}

func TestWALReplayAfterCrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	acked := crashWrite(t, path, 50, 0)
	if acked != 50 {
		t.Fatalf("helper acknowledged %d rounds, want 50", acked)
	}
	segs, _ := os.ReadDir(walDir(path))
	if len(segs) == 0 {
		t.Fatal("the crashed process left no write-ahead log")
	}
	var logs bytes.Buffer
	s := openAt(t, path, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if !strings.Contains(logs.String(), "write-ahead log replayed") || !strings.Contains(logs.String(), "records=50") {
		t.Errorf("Open logged %q, want a replay of 50 records", logs.String())
	}
	checkCrashRounds(t, s, 50)
	// Writes go on after the replay, with the next sequence numbers, and
	// a clean close leaves an empty log.
	if _, err := s.Write(t.Context(), []indicators.Measurement{meas("docs", nil, day(50), 50)}, "after"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if segs, _ := os.ReadDir(walDir(path)); len(segs) != 0 {
		t.Errorf("after Close the log holds %d segments, want none", len(segs))
	}
}

// A crash after some records were applied, but before their segment was
// deleted, must not apply them twice: the audit log would say so.
func TestWALReplaySkipsApplied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	if acked := crashWrite(t, path, 20, 12); acked != 20 {
		t.Fatalf("helper acknowledged %d rounds, want 20", acked)
	}
	var logs bytes.Buffer
	s := openAt(t, path, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if !strings.Contains(logs.String(), "records=8 ") {
		t.Errorf("Open logged %q, want a replay of the 8 records not yet applied", logs.String())
	}
	checkCrashRounds(t, s, 20)
}

func TestWALTornTailTruncated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	crashWrite(t, path, 10, 0)
	segs, _ := os.ReadDir(walDir(path))
	last := filepath.Join(walDir(path), segs[len(segs)-1].Name())
	good, _ := os.Stat(last)
	// A record whose frame announces more bytes than were written: the
	// process died during the write, before acknowledging it.
	f, err := os.OpenFile(last, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	torn := binary.BigEndian.AppendUint32(nil, 500)
	torn = append(torn, 1, 2, 3, 4, 5, 6)
	if _, err := f.Write(torn); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var logs bytes.Buffer
	s := openAt(t, path, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if !strings.Contains(logs.String(), "incomplete record") || !strings.Contains(logs.String(), fmt.Sprintf("offset=%d", good.Size())) {
		t.Errorf("Open logged %q, want a warning about the incomplete record at byte %d", logs.String(), good.Size())
	}
	checkCrashRounds(t, s, 10)
}

func TestWALDamageBeforeTheEndRefused(t *testing.T) {
	n := walSegmentSize
	t.Cleanup(func() { walSegmentSize = n })
	walSegmentSize = 200 // a segment per record or two
	path := filepath.Join(t.TempDir(), "jalon.db")
	crashWrite(t, path, 10, 0)
	segs, _ := os.ReadDir(walDir(path))
	if len(segs) < 3 {
		t.Fatalf("%d segments, want several", len(segs))
	}
	// Damage the second segment's first record: acknowledged writes follow
	// in later segments, so this is no torn write.
	second := filepath.Join(walDir(path), segs[1].Name())
	b, err := os.ReadFile(second)
	if err != nil {
		t.Fatal(err)
	}
	b[len(segmentMagic)+walHeader+3] ^= 0xff
	if err := os.WriteFile(second, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), segs[1].Name()) || !strings.Contains(err.Error(), "byte 8") {
		t.Fatalf("Open(damaged log) = %v, want an error naming %s at byte 8, after the segment header", err, segs[1].Name())
	}
}

// The writer answers from the overlay for points logged but not applied,
// and from the file for the others; the applier must agree.
func TestWriteCountsAcrossApplies(t *testing.T) {
	s, _ := openTemp(t)
	p := func(v float64) []indicators.Measurement {
		return []indicators.Measurement{meas("docs", map[string]string{"r": "1"}, day(0), v)}
	}
	steps := []struct {
		v     float64
		apply bool // read (which applies the log) before writing
		want  WriteResult
	}{
		{1, false, WriteResult{New: 1}},
		{1, false, WriteResult{Unchanged: 1}}, // overlay
		{2, false, WriteResult{Revised: 1}},   // overlay
		{2, true, WriteResult{Unchanged: 1}},  // file
		{3, false, WriteResult{Revised: 1}},   // file
		{3, true, WriteResult{Unchanged: 1}},
		{2, false, WriteResult{Revised: 1}},
	}
	for i, st := range steps {
		if st.apply {
			if _, err := s.Series(); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Write(t.Context(), p(st.v), "t")
		if err != nil || got != st.want {
			t.Fatalf("step %d: Write(%v) = %+v, %v; want %+v", i, st.v, got, err, st.want)
		}
	}
	var vals []float64
	audit, err := s.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range audit {
		if e.Action == ActionRevise {
			vals = append(vals, e.Old, e.Value)
		}
	}
	if want := []float64{1, 2, 2, 3, 3, 2}; !reflect.DeepEqual(vals, want) {
		t.Errorf("revisions old→new = %v, want %v", vals, want)
	}
}

// A write that waits for the backlog still goes through once the applier
// catches up; nothing is refused or lost.
func TestWriteBacklogWaits(t *testing.T) {
	// Restored after the store is closed (cleanups run last first): its
	// goroutines read them.
	d, b, m := applyDelay, applyBatch, maxBacklog
	t.Cleanup(func() { applyDelay, applyBatch, maxBacklog = d, b, m })
	applyDelay, applyBatch, maxBacklog = time.Hour, 1_000_000, 10
	s, _ := openTemp(t)
	for i := range 40 {
		ms := []indicators.Measurement{meas("docs", nil, day(2*i), 1), meas("docs", nil, day(2*i+1), 1)}
		if res, err := s.Write(t.Context(), ms, "t"); err != nil || res.New != 2 {
			t.Fatalf("write %d = %+v, %v", i, res, err)
		}
		if q := s.pendingPoints(); q > 12 {
			t.Fatalf("after write %d, %v points wait for the applier, want at most the backlog of 10 plus one write", i, q)
		}
	}
	if st := s.Stats(); st.Points != 80 {
		t.Errorf("Stats().Points = %d, want 80", st.Points)
	}
}

// A large group is committed straight to the file, after what was logged
// before it.
func TestDirectCommitAfterLogged(t *testing.T) {
	d, n := applyDelay, directPoints
	t.Cleanup(func() { applyDelay, directPoints = d, n })
	applyDelay, directPoints = time.Hour, 3
	s, _ := openTemp(t)
	p := meas("docs", nil, day(0), 1)
	if res, err := s.Write(t.Context(), []indicators.Measurement{p}, "small"); err != nil || res.New != 1 {
		t.Fatalf("small write = %+v, %v", res, err)
	}
	if q := s.pendingPoints(); q != 1 {
		t.Fatalf("%v points wait for the applier, want the small write's 1", q)
	}
	p.Value = 2
	big := []indicators.Measurement{p, meas("docs", nil, day(1), 1), meas("docs", nil, day(2), 1)}
	if res, err := s.Write(t.Context(), big, "big"); err != nil || res != (WriteResult{New: 2, Revised: 1}) {
		t.Fatalf("big write = %+v, %v; want 2 new and the small write's point revised", res, err)
	}
	if q := s.pendingPoints(); q != 0 {
		t.Errorf("%v points wait for the applier after a direct commit, want 0", q)
	}
	if res, err := s.Write(t.Context(), []indicators.Measurement{p}, "small"); err != nil || res.Unchanged != 1 {
		t.Fatalf("small write of the big write's value = %+v, %v; want unchanged", res, err)
	}
	audit, err := s.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actors []string
	for _, e := range audit {
		actors = append(actors, e.Actor+" "+string(e.Action))
	}
	if want := []string{"small push", "big revise", "big push"}; !reflect.DeepEqual(actors, want) {
		t.Errorf("audit log = %v, want %v", actors, want)
	}
}

// Damage followed by more records is not a torn write, even in the last
// segment: acknowledged writes follow it, and Open must refuse rather than
// cut them off. Zeros after the last record are a torn write.
func TestWALDamageInTheLastSegment(t *testing.T) {
	for _, tt := range []struct {
		name    string
		damage  func(b []byte) []byte
		refused bool
	}{
		{"a flipped bit in the first record", func(b []byte) []byte { b[len(segmentMagic)+walHeader+20] ^= 1; return b }, true},
		{"zeros after the last record", func(b []byte) []byte { return append(b, make([]byte, 4096)...) }, false},
		{"a frame cut short", func(b []byte) []byte { return append(b, 0, 0, 1, 0, 9, 9) }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jalon.db")
			crashWrite(t, path, 10, 0)
			segs, _ := os.ReadDir(walDir(path))
			if len(segs) != 1 {
				t.Fatalf("%d segments, want 1", len(segs))
			}
			seg := filepath.Join(walDir(path), segs[0].Name())
			b, err := os.ReadFile(seg)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(seg, tt.damage(b), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{})
			if tt.refused {
				if err == nil || !strings.Contains(err.Error(), "fails its checksum at byte 8") || !strings.Contains(err.Error(), "store repair") {
					t.Fatalf("Open() = %v, want a refusal naming the damage", err)
				}
				if after, _ := os.ReadFile(seg); len(after) != len(b) {
					t.Errorf("the refused segment was changed: %d bytes, was %d", len(after), len(b))
				}
				return
			}
			if err != nil {
				t.Fatalf("Open() = %v, want the torn tail cut off", err)
			}
			defer s.Close()
			checkCrashRounds(t, s, 10)
		})
	}
}

// A segment that cannot be started (its name taken, or its directory
// entry not made durable) fails the write that needed it, and only that
// one: the log keeps its current segment and the next write starts the new
// one.
func TestWALRotationFailureRecovers(t *testing.T) {
	n, sync := walSegmentSize, dirSync
	t.Cleanup(func() { walSegmentSize, dirSync = n, sync })
	walSegmentSize = 1 // a new segment for every record but the first
	for _, tt := range []struct {
		name       string
		fail, heal func(t *testing.T, dir string)
	}{
		{"segment name taken", func(t *testing.T, dir string) {
			// The next record is number 2: squat its segment's name.
			if err := os.Mkdir(filepath.Join(dir, segmentName(2)), 0o700); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, segmentName(2))); err != nil {
				t.Fatal(err)
			}
		}},
		{"directory fsync fails", func(*testing.T, string) {
			dirSync = func(string, bool) error { return errors.New("injected fsync failure") }
		}, func(*testing.T, string) { dirSync = sync }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jalon.db")
			s := openAt(t, path, Options{})
			write := func(i int) error { return writeDay(t, s, i) }
			if err := write(0); err != nil {
				t.Fatal(err)
			}
			tt.fail(t, walDir(path))
			if err := write(1); err == nil {
				t.Fatal("write needing a segment that cannot be started succeeded")
			}
			tt.heal(t, walDir(path))
			for i := 2; i < 5; i++ {
				if err := write(i); err != nil {
					t.Fatalf("write %d after the failed rotation: %v", i, err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openAt(t, path, Options{})
			if got, want := asOfAll(t, s), "[0 2 3 4]"; got != want {
				t.Errorf("days stored = %s, want %s (the failed write absent, the others there)", got, want)
			}
		})
	}
}

// writeDay writes the point of series docs{} on day i, valued i.
func writeDay(t *testing.T, s *Store, i int) error {
	_, err := s.Write(t.Context(), []indicators.Measurement{meas("docs", nil, day(i), float64(i))}, "t")
	return err
}

// asOfAll lists the days of the points of series docs{}.
func asOfAll(t *testing.T, s *Store) string {
	t.Helper()
	id, err := s.SeriesID("docs", nil)
	if err != nil {
		t.Fatal(err)
	}
	var days []int
	err = s.Points(id, minTime, maxTime, func(p indicators.Point, _ string) error {
		days = append(days, int(p.Time.Sub(epoch).Hours()/24))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(days)
}

// A failed append (a full disk) refuses that write only; a failed fsync
// refuses every write until the log is read back at the next start. Either
// way the refused record is not in the log, and acknowledged ones are.
func TestWALWriteFailures(t *testing.T) {
	w, sy := segmentWrite, segmentSync
	t.Cleanup(func() { segmentWrite, segmentSync = w, sy })
	for _, tt := range []struct {
		name     string
		fail     func()
		laterOK  bool
		wantDays string
	}{
		{"append fails half way", func() {
			segmentWrite = func(f *os.File, b []byte) (int, error) {
				segmentWrite = w
				n, _ := f.Write(b[:len(b)/2])
				return n, syscall.ENOSPC
			}
		}, true, "[0 2 3]"},
		{"fsync fails", func() {
			segmentSync = func(*os.File) error {
				segmentSync = sy
				return syscall.EIO
			}
		}, false, "[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jalon.db")
			s := openAt(t, path, Options{})
			write := func(i int) error { return writeDay(t, s, i) }
			if err := write(0); err != nil {
				t.Fatal(err)
			}
			tt.fail()
			if err := write(1); err == nil {
				t.Fatal("the failed write was acknowledged")
			}
			for i := 2; i < 4; i++ {
				err := write(i)
				if tt.laterOK && err != nil {
					t.Fatalf("write %d after a failed append: %v", i, err)
				}
				if !tt.laterOK && (err == nil || !strings.Contains(err.Error(), "restart jalond")) {
					t.Fatalf("write %d after a failed fsync = %v, want refused until a restart", i, err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openAt(t, path, Options{})
			if got := asOfAll(t, s); got != tt.wantDays {
				t.Errorf("days stored after a restart = %s, want %s", got, tt.wantDays)
			}
		})
	}
}

// A flipped bit in the high byte of a middle record's length used to make
// it run past the end of the segment and pass for a torn write: that record
// and every later one were dropped, and the segment truncated. The
// header's checksum now catches it: Open refuses and changes nothing.
func TestWALDamagedLengthRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	if acked := crashWrite(t, path, 30, 0); acked != 30 {
		t.Fatalf("helper acknowledged %d rounds, want 30", acked)
	}
	seg := filepath.Join(walDir(path), segmentName(1))
	b, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scanSegment(b)
	if err != nil || len(sc.records) != 30 {
		t.Fatalf("scanSegment() = %d records, %v; want 30", len(sc.records), err)
	}
	for _, flip := range []byte{0x01, 0xff} {
		damaged := bytes.Clone(b)
		off := sc.records[15].off
		damaged[off] ^= flip
		if err := os.WriteFile(seg, damaged, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err = Open(path, Options{})
		want := fmt.Sprintf("record header fails its checksum at byte %d", off)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), segmentName(1)) {
			t.Fatalf("Open(length ^ %#x) = %v, want a refusal containing %q", flip, err, want)
		}
		if after, _ := os.ReadFile(seg); !bytes.Equal(after, damaged) {
			t.Fatalf("the refused segment was changed: %d bytes, was %d", len(after), len(damaged))
		}
	}
}

// legacySegment rewrites a segment of format 2 in format 1, as the release
// before wrote it: no segment header, frames without a header checksum.
func legacySegment(t *testing.T, data []byte) []byte {
	t.Helper()
	sc, err := scanSegment(data)
	if err != nil || sc.end != len(data) {
		t.Fatalf("scanSegment() stopped at byte %d of %d: %v", sc.end, len(data), err)
	}
	var out []byte
	for _, r := range sc.records {
		out = binary.BigEndian.AppendUint32(out, uint32(len(r.payload)))
		out = binary.BigEndian.AppendUint32(out, crc32.Checksum(r.payload, castagnoli))
		out = append(out, r.payload...)
	}
	return out
}

// An upgrade after a crash finds records of the previous release's format
// in the log: they are replayed, and a torn tail in that format is still
// recognised.
func TestWALLegacySegmentsReplayed(t *testing.T) {
	n := walSegmentSize
	t.Cleanup(func() { walSegmentSize = n })
	walSegmentSize = 300
	path := filepath.Join(t.TempDir(), "jalon.db")
	if acked := crashWrite(t, path, 12, 0); acked != 12 {
		t.Fatalf("helper acknowledged %d rounds, want 12", acked)
	}
	segs, _ := os.ReadDir(walDir(path))
	if len(segs) < 2 {
		t.Fatalf("%d segments, want several", len(segs))
	}
	for i, e := range segs {
		p := filepath.Join(walDir(path), e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b = legacySegment(t, b)
		if i == len(segs)-1 {
			b = append(b, 0, 0, 2, 0, 7, 7, 7, 7, 1) // torn: runs past the end
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s := openAt(t, path, Options{})
	checkCrashRounds(t, s, 12)
}

// A crash while a segment is started leaves it empty or with part of its
// header: as the last segment that is a segment never written to, and
// nothing is lost.
func TestWALSegmentStartedByACrash(t *testing.T) {
	for _, head := range [][]byte{nil, segmentMagic[:3], make([]byte, 5)} {
		path := filepath.Join(t.TempDir(), "jalon.db")
		crashWrite(t, path, 6, 0)
		if err := os.WriteFile(filepath.Join(walDir(path), segmentName(7)), head, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("Open(last segment %x) = %v", head, err)
		}
		checkCrashRounds(t, s, 6)
		s.Close()
	}
}

// Reading a segment, strictly or leniently, never panics, and what it
// keeps is whole records in order.
func FuzzScanSegment(f *testing.F) {
	rec := appendRecord(nil, 1, epoch, []*writeReq{newWriteReq([]indicators.Measurement{meas("a", nil, day(0), 1)}, "x")})
	seg := append(append(bytes.Clone(segmentMagic), rec...), rec...)
	f.Add(seg)
	f.Add(seg[:len(seg)-3])
	f.Add(append(bytes.Clone(seg[:10]), seg[20:]...))
	f.Add([]byte{0, 0, 0, 20, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scanSegment(data)
		if err != nil {
			return
		}
		if sc.end < len(data) {
			_, _ = sc.tornTail(), sc.flaw()
		}
		var sv salvaged
		sv.segment("s", sc, true)
		var rep RepairReport
		for _, r := range sv.after(0, &rep) {
			p2, ok2 := framed(data[r.off:], segmentFormat)
			p1, ok1 := framed(data[r.off:], legacyFormat)
			if !(ok2 && bytes.Equal(p2, r.payload)) && !(ok1 && bytes.Equal(p1, r.payload)) {
				t.Fatalf("salvaged a record at byte %d that does not frame there", r.off)
			}
		}
	})
}
