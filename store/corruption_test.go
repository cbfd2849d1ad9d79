package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// corruptionRounds is how many records the crash helper acknowledges for
// the corruption tests: each holds a new point of docs on day i (record
// i+1) and a revision of users.
const corruptionRounds = 24

// crashedLog leaves in a new directory a store whose log holds
// corruptionRounds acknowledged records, none applied, across at least
// three segments, and returns the store file's path and the segments'
// names.
func crashedLog(t *testing.T) (string, []string) {
	t.Helper()
	n := walSegmentSize
	t.Cleanup(func() { walSegmentSize = n })
	walSegmentSize = 800
	path := filepath.Join(t.TempDir(), "jalon.db")
	if acked := crashWrite(t, path, corruptionRounds, 0); acked != corruptionRounds {
		t.Fatalf("helper acknowledged %d rounds, want %d", acked, corruptionRounds)
	}
	entries, _ := os.ReadDir(walDir(path))
	var segs []string
	for _, e := range entries {
		segs = append(segs, e.Name())
	}
	if len(segs) < 3 {
		t.Fatalf("%d segments, want at least 3", len(segs))
	}
	return path, segs
}

// copyStore copies the store file at path and its log into a new
// directory and returns the copy's path.
func copyStore(t *testing.T, path string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "jalon.db")
	copyFile(t, path, to)
	if err := os.Mkdir(walDir(to), 0o700); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(walDir(path))
	for _, e := range entries {
		copyFile(t, filepath.Join(walDir(path), e.Name()), filepath.Join(walDir(to), e.Name()))
	}
	return to
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// corruptionCase is one byte of a segment to flip.
type corruptionCase struct {
	name    string
	segment string
	off     int
}

// corruptionCases lists, for a middle record of the first segment, the
// first record of the second (across a segment boundary) and the last
// record of the last segment, each byte of its frame header (length,
// payload checksum, header checksum) and three bytes of its payload; and
// the bytes of the second segment's header.
func corruptionCases(t *testing.T, path string, segs []string) []corruptionCase {
	t.Helper()
	var cases []corruptionCase
	scan := func(seg string) segmentScan {
		b, err := os.ReadFile(filepath.Join(walDir(path), seg))
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scanSegment(b)
		if err != nil || sc.end != len(b) || len(sc.records) < 3 {
			t.Fatalf("segment %s: %d records, end %d of %d, %v", seg, len(sc.records), sc.end, len(b), err)
		}
		return sc
	}
	add := func(where, seg string, r scannedRecord) {
		fields := []string{"length", "length", "length", "length", "payload checksum", "payload checksum", "payload checksum",
			"payload checksum", "header checksum", "header checksum", "header checksum", "header checksum"}
		for i, f := range fields {
			cases = append(cases, corruptionCase{fmt.Sprintf("%s %s byte %d", where, f, i), seg, r.off + i})
		}
		for _, i := range []int{0, len(r.payload) / 2, len(r.payload) - 1} {
			cases = append(cases, corruptionCase{fmt.Sprintf("%s payload byte %d", where, i), seg, r.off + walHeader + i})
		}
	}
	first, second, last := scan(segs[0]), scan(segs[1]), scan(segs[len(segs)-1])
	add("middle record of the first segment,", segs[0], first.records[len(first.records)/2])
	add("first record of the second segment,", segs[1], second.records[0])
	add("last record of the last segment,", segs[len(segs)-1], last.records[len(last.records)-1])
	for i := range len(segmentMagic) - 1 {
		cases = append(cases, corruptionCase{fmt.Sprintf("second segment header byte %d", i), segs[1], i})
	}
	return cases
}

// docsDays lists the days of the points of series docs{}: one per record
// kept.
func docsDays(t *testing.T, s *Store) []int {
	t.Helper()
	id, err := s.SeriesID("docs", nil)
	if err != nil {
		t.Fatal(err)
	}
	var days []int
	err = s.Points(id, minTime, maxTime, func(p indicators.Point, _ string) error {
		days = append(days, int(p.Time.Sub(epoch)/(24*time.Hour)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return days
}

// One flipped byte anywhere in the log is never a silent loss: Open either
// refuses, naming the segment and the byte, or brings back every
// acknowledged record. After a refusal, Repair keeps what is intact and
// its counts match what the store then holds.
func TestWALCorruptionNeverSilent(t *testing.T) {
	template, segs := crashedLog(t)
	for _, tt := range corruptionCases(t, template, segs) {
		for _, flip := range []byte{0x01, 0x80} {
			t.Run(fmt.Sprintf("%s ^%#x", tt.name, flip), func(t *testing.T) {
				path := copyStore(t, template)
				seg := filepath.Join(walDir(path), tt.segment)
				b, err := os.ReadFile(seg)
				if err != nil {
					t.Fatal(err)
				}
				b[tt.off] ^= flip
				if err := os.WriteFile(seg, b, 0o600); err != nil {
					t.Fatal(err)
				}
				s, err := Open(path, Options{})
				if err == nil {
					defer s.Close()
					checkCrashRounds(t, s, corruptionRounds)
					return
				}
				if !strings.Contains(err.Error(), walDir(path)) || !strings.Contains(err.Error(), "at byte") || !strings.Contains(err.Error(), "store repair") {
					t.Fatalf("Open() = %v, want a refusal naming the segment, the byte and the repair", err)
				}
				checkRepair(t, path, len(segs))
			})
		}
	}
}

// checkRepair repairs the store at path, whose log of nsegs segments held
// corruptionRounds records, and checks that the report matches what the
// store holds after.
func checkRepair(t *testing.T, path string, nsegs int) {
	t.Helper()
	rep, err := Repair(path, Options{})
	if err != nil {
		t.Fatalf("Repair() = %v", err)
	}
	if !rep.Repaired() || rep.KeptPoints != 2*rep.Kept {
		t.Fatalf("Repair() = %+v, want a repair of records of 2 points each", rep)
	}
	unknown := 0
	if rep.LostUnknown {
		unknown = corruptionRounds - int(rep.LostAfter)
	}
	if got := rep.Kept + len(rep.Lost) + unknown; got != corruptionRounds {
		t.Errorf("Repair() kept %d, lost %v and %d after %d: %d records, want %d", rep.Kept, rep.Lost, unknown, rep.LostAfter, got, corruptionRounds)
	}
	var want []int
	for i := range corruptionRounds {
		seq := uint64(i + 1)
		if !slices.Contains(rep.Lost, seq) && (!rep.LostUnknown || seq <= rep.LostAfter) {
			want = append(want, i)
		}
	}
	aside, _ := os.ReadDir(rep.MovedTo)
	if len(aside) != nsegs {
		t.Errorf("%d segments moved to %s, want all %d", len(aside), rep.MovedTo, nsegs)
	}
	s := openAt(t, path, Options{})
	if got := docsDays(t, s); !slices.Equal(got, want) {
		t.Errorf("after Repair() = %+v the store holds the records of days %v, want %v", rep, got, want)
	}
}

// Repair refuses a store that a daemon holds open.
func TestRepairRefusesOpenStore(t *testing.T) {
	_, path := openTemp(t)
	if rep, err := Repair(path, Options{Timeout: 10 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Errorf("Repair() of an open store = %+v, %v; want ErrLocked", rep, err)
	}
}

// Past damage in the last segment the lenient read goes on, and still
// tells a torn tail after it from damage.
func TestSalvageTornTailAfterDamage(t *testing.T) {
	rec := func(seq uint64) []byte {
		return appendRecord(nil, seq, epoch, []*writeReq{newWriteReq([]indicators.Measurement{meas("a", nil, day(int(seq)), 1)}, "x")})
	}
	seg := slices.Concat(segmentMagic, rec(1), rec(2), rec(3))
	bad := len(segmentMagic) + len(rec(1)) + walHeader + 3
	seg[bad] ^= 1                              // record 2's payload
	seg = append(seg, rec(4)[:walHeader+5]...) // record 4 torn
	sc, err := scanSegment(seg)
	if err != nil {
		t.Fatal(err)
	}
	var sv salvaged
	sv.segment("s", sc, true)
	var rep RepairReport
	recs := sv.after(0, &rep)
	if len(recs) != 2 || recs[0].seq != 1 || recs[1].seq != 3 {
		t.Errorf("kept %d records, want 1 and 3", len(recs))
	}
	if !slices.Equal(rep.Lost, []uint64{2}) || len(rep.Damaged) != 1 || rep.Damaged[0].Reason != "record fails its checksum" || rep.LostUnknown {
		t.Errorf("report = %+v, want record 2 lost to a failed checksum", rep)
	}
	if rep.Torn == nil || rep.Torn.To != int64(len(seg)) {
		t.Errorf("torn tail = %+v, want the last %d bytes", rep.Torn, walHeader+5)
	}
}
