package store

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"go.etcd.io/bbolt"
)

// closedStore makes a store file with points in it, closed cleanly, and
// returns its path and bytes.
func closedStore(t *testing.T) (string, []byte) {
	t.Helper()
	s, path := openTemp(t)
	for i := range 50 {
		ms := []indicators.Measurement{meas("docs", map[string]string{"r": "1"}, day(i), float64(i))}
		if _, err := s.Write(t.Context(), ms, "t"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}

// A damaged store file is refused by Open with one line naming it and
// saying to restore the backup, never with a panic, a SIGBUS, or a new
// empty store in its place; the file is left as it was.
func TestOpenDamagedFileRefused(t *testing.T) {
	_, good := closedStore(t)
	ps := os.Getpagesize()
	for _, tt := range []struct {
		name   string
		damage func(b []byte) []byte
		want   string // in the error; empty: Open may also succeed with every point
	}{
		{"empty file", func([]byte) []byte { return nil }, "empty (0 bytes)"},
		{"cut to half", func(b []byte) []byte { return b[:len(b)/2] }, ""},
		{"cut before its last page", func(b []byte) []byte { return b[:(lastPage(b)-1)*ps] }, "cut short"},
		{"cut to one page", func(b []byte) []byte { return b[:ps] }, "cut short"},
		{"flipped byte in meta page 0", func(b []byte) []byte { b[16+40] ^= 0x40; return b }, ""},
		{"flipped byte in meta page 1", func(b []byte) []byte { b[ps+16+40] ^= 0x40; return b }, ""},
		{"both meta pages flipped", func(b []byte) []byte { b[16+40] ^= 0x40; b[ps+16+40] ^= 0x40; return b }, "neither meta page is valid"},
		{"garbage in the root page", func(b []byte) []byte {
			m0, m1 := parseMeta(b), parseMeta(b[ps:])
			root := m0.root
			if m1.txid > m0.txid {
				root = m1.root
			}
			copy(b[int(root)*ps:], bytes.Repeat([]byte{0xab}, ps))
			return b
		}, "store file damaged"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "jalon.db")
			damaged := tt.damage(bytes.Clone(good))
			if err := os.WriteFile(p, damaged, 0o600); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			s, err := Open(p, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err == nil {
				defer s.Close()
				if tt.want != "" {
					t.Fatalf("Open() succeeded, want an error containing %q", tt.want)
				}
				if st := s.Stats(); st.Points != 50 {
					t.Errorf("Open() succeeded with %d points, want every one of the 50", st.Points)
				}
				return
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, p) || !strings.Contains(msg, "restore the last backup") ||
				strings.Contains(msg, "\n") || !errors.Is(err, ErrDamaged) {
				t.Errorf("Open() = %v, want one line naming %s, containing %q and what to do", err, p, tt.want)
			}
			if after, _ := os.ReadFile(p); !bytes.Equal(after, damaged) {
				t.Errorf("the refused file was changed: %d bytes, was %d", len(after), len(damaged))
			}
			if strings.Contains(logs.String(), "store created") {
				t.Errorf("Open logged %q", logs.String())
			}
		})
	}
}

// A new store is created only where there is none: not in place of a
// missing file whose log holds records.
func TestOpenMissingFileBesideLogRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jalon.db")
	crashWrite(t, path, 5, 0)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "store file is missing") || !strings.Contains(err.Error(), walDir(path)) {
		t.Fatalf("Open(no file, a log) = %v, want a refusal naming the log", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("Open created a store file")
	}
}

// A store not closed cleanly expects its log: one deleted (the directory
// or its only segment) is refused rather than its writes forgotten.
func TestOpenMissingLogRefused(t *testing.T) {
	for _, tt := range []struct {
		name   string
		remove func(dir string) error
	}{
		{"log directory deleted", os.RemoveAll},
		{"only segment deleted", func(dir string) error { return os.Remove(filepath.Join(dir, segmentName(1))) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jalon.db")
			crashWrite(t, path, 5, 0)
			if err := tt.remove(walDir(path)); err != nil {
				t.Fatal(err)
			}
			_, err := Open(path, Options{})
			if err == nil || !strings.Contains(err.Error(), "not closed cleanly") || !strings.Contains(err.Error(), "after record 0") {
				t.Fatalf("Open(log deleted) = %v, want a refusal", err)
			}
		})
	}
}

// A segment missing at the start of the log, or between two, is refused:
// its records are acknowledged writes.
func TestOpenMissingSegmentRefused(t *testing.T) {
	n := walSegmentSize
	t.Cleanup(func() { walSegmentSize = n })
	walSegmentSize = 200
	for _, tt := range []struct {
		name  string
		index func(n int) int
		want  string
	}{
		{"first segment", func(int) int { return 0 }, "records 1 to "},
		{"middle segment", func(n int) int { return n / 2 }, "are missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jalon.db")
			crashWrite(t, path, 12, 0)
			segs, _ := os.ReadDir(walDir(path))
			if len(segs) < 3 {
				t.Fatalf("%d segments, want several", len(segs))
			}
			gone := segs[tt.index(len(segs))].Name()
			if err := os.Remove(filepath.Join(walDir(path), gone)); err != nil {
				t.Fatal(err)
			}
			_, err := Open(path, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "store repair") {
				t.Fatalf("Open(segment %s deleted) = %v, want a refusal containing %q", gone, err, tt.want)
			}
		})
	}
}

// A segment other than the last cut short, within a record or between two,
// is refused: the records after the cut are missing.
func TestOpenSegmentCutShortRefused(t *testing.T) {
	n := walSegmentSize
	t.Cleanup(func() { walSegmentSize = n })
	walSegmentSize = 200
	for _, tt := range []struct {
		name string
		cut  func(sc segmentScan) int
		want string
	}{
		{"within a record", func(sc segmentScan) int { return len(sc.data) - 5 }, "runs past the end of the segment at byte"},
		{"between records", func(sc segmentScan) int { return sc.records[len(sc.records)-1].off }, "are missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jalon.db")
			crashWrite(t, path, 12, 0)
			seg := filepath.Join(walDir(path), segmentName(1))
			b, err := os.ReadFile(seg)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scanSegment(b)
			if err != nil || len(sc.records) < 2 {
				t.Fatalf("segment 1: %d records, %v; want several", len(sc.records), err)
			}
			if err := os.Truncate(seg, int64(tt.cut(sc))); err != nil {
				t.Fatal(err)
			}
			_, err = Open(path, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), segmentName(1)) {
				t.Fatalf("Open(first segment cut %s) = %v, want a refusal containing %q", tt.name, err, tt.want)
			}
		})
	}
}

// A backup copy is a whole store: it opens with no log beside it.
func TestBackupOpensWithoutLog(t *testing.T) {
	s, _ := openTemp(t)
	if err := writeDay(t, s, 1); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := s.Backup(&b, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "jalon.db")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := asOfAll(t, openAt(t, p, Options{})); got != "[1]" {
		t.Errorf("backup holds days %s, want [1]", got)
	}
	// The live store is still marked: its log is still expected.
	if err := writeDay(t, s, 2); err != nil {
		t.Fatal(err)
	}
	var marked bool
	if err := s.db.View(func(tx *bbolt.Tx) error {
		marked = tx.Bucket(bucketMeta).Get(keyWALOpen) != nil
		return nil
	}); err != nil || !marked {
		t.Errorf("after a backup the live store is marked %v (%v), want marked", marked, err)
	}
}

// lastPage is the high-water mark of the store file b: the pages in use.
func lastPage(b []byte) int {
	m0, m1 := parseMeta(b), parseMeta(b[os.Getpagesize():])
	if m1.txid > m0.txid {
		return int(m1.pgid)
	}
	return int(m0.pgid)
}
