package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// published is a figure as the press gives it: a period, a bound, a link.
func published(t time.Time) indicators.Measurement {
	m := meas("docs", nil, t, 300e6)
	m.Start, m.Qualifier, m.SourceURL = t.AddDate(-1, 0, 0), indicators.AtLeast, "https://example.org/release"
	return m
}

// TestPointMetaSurvives writes a figure with its start, qualifier and URL
// beside a plain one, through the log and straight to the file, and reads
// them back from every read path, before and after a restart.
func TestPointMetaSurvives(t *testing.T) {
	for _, n := range []int{1, 1500} { // 1 500 points skip the log (direct.go)
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jalon.db")
			s := openAt(t, path, Options{})
			ms := []indicators.Measurement{published(day(400)), meas("docs", nil, day(10), 5)}
			for i := 2; i < n; i++ {
				ms = append(ms, meas("other", nil, day(i), 1))
			}
			if _, err := s.Write(context.Background(), ms, "test"); err != nil {
				t.Fatal(err)
			}
			checkPointMeta(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			checkPointMeta(t, openAt(t, path, Options{}))
		})
	}
}

func checkPointMeta(t *testing.T, s *Store) {
	t.Helper()
	id, err := s.SeriesID("docs", nil)
	if err != nil {
		t.Fatal(err)
	}
	span := day(400).Sub(day(400).AddDate(-1, 0, 0))
	var got []string
	err = s.PointDetails(id, time.Time{}, time.Time{}, func(p indicators.Point, src string, pm PointMeta) error {
		got = append(got, fmt.Sprintf("%g %s %s %v %s", p.Value, src, pm.Qualifier, p.Span == span && pm.Start.Equal(day(400).AddDate(-1, 0, 0)), pm.SourceURL))
		return nil
	})
	want := fmt.Sprint([]string{"5 test  false ", "3e+08 test at_least true https://example.org/release"})
	if err != nil || fmt.Sprint(got) != want {
		t.Errorf("PointDetails = %q, %v; want %s", got, err, want)
	}
	var recent []indicators.Point
	err = s.View(func(r Reader) error { recent, err = r.Recent(id, nil); return err })
	if err != nil || len(recent) != 2 || recent[1].Span != span || recent[1].Qualifier != indicators.AtLeast || recent[0].Span != 0 {
		t.Errorf("Recent = %+v, %v; want the second point with its span and qualifier", recent, err)
	}
	var asOf []indicators.Point
	err = s.View(func(r Reader) error {
		return r.PointsAsOf(id, time.Now().Add(time.Hour), func(p indicators.Point) error { asOf = append(asOf, p); return nil })
	})
	if err != nil || len(asOf) != 2 || asOf[1].Span != span || asOf[1].Qualifier != indicators.AtLeast {
		t.Errorf("PointsAsOf = %+v, %v; want the second point with its span and qualifier", asOf, err)
	}
	last, err := s.LastPoints(id, 1, nil)
	if err != nil || last[0].Span != span || last[0].Qualifier != indicators.AtLeast {
		t.Errorf("LastPoints = %+v, %v; want span and qualifier", last, err)
	}
}

func TestStoredSourceRoundTrip(t *testing.T) {
	cases := []struct {
		name   string
		source string
		pm     PointMeta
	}{
		{"plain source, as stored before", "CNAM", PointMeta{}},
		{"empty source", "", PointMeta{}},
		{"every field", "CNAM", PointMeta{Start: day(-3), Qualifier: indicators.About, SourceURL: "https://x.fr/a"}},
		{"qualifier only", "", PointMeta{Qualifier: indicators.AtMost}},
		{"start before 1970", "s", PointMeta{Start: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, c := range cases {
		b := appendStoredSource(nil, c.source, c.pm)
		src, pm, ok := splitStoredSource(b)
		if !ok || string(src) != c.source || pm != c.pm {
			t.Errorf("%s: splitStoredSource(appendStoredSource(%q, %+v)) = %q, %+v, %v", c.name, c.source, c.pm, src, pm, ok)
		}
		if len(b) > storedSourceLen(c.source, c.pm) {
			t.Errorf("%s: %d bytes, more than storedSourceLen %d", c.name, len(b), storedSourceLen(c.source, c.pm))
		}
	}
}

func TestRecentTrailerRoundTrip(t *testing.T) {
	plain := []indicators.Point{{Time: day(1), Value: 1}, {Time: day(2), Value: 2}}
	if v := appendRecent(nil, plain); len(v) != 2*recentPointSize {
		t.Errorf("appendRecent(plain) = %d bytes, want %d: plain windows keep the old layout", len(v), 2*recentPointSize)
	}
	withMeta := append(plain, indicators.Point{Time: day(3), Value: 3, Span: 90 * 24 * time.Hour, Qualifier: indicators.About})
	got, err := decodeRecent(appendRecent(nil, withMeta), nil)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(withMeta) {
		t.Errorf("decodeRecent(appendRecent(%v)) = %v, %v", withMeta, got, err)
	}
}

func TestRevisionAuditKeepsMeta(t *testing.T) {
	s, _ := openTemp(t)
	first := published(day(400))
	first.Value = 1
	for _, m := range []indicators.Measurement{first, published(day(400))} {
		if _, err := s.Write(context.Background(), []indicators.Measurement{m}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := s.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := PointMeta{Start: day(400).AddDate(-1, 0, 0), Qualifier: indicators.AtLeast, SourceURL: "https://example.org/release"}
	for _, e := range entries {
		if e.Action == ActionRevise && e.Meta == want {
			return
		}
	}
	t.Errorf("Audit() = %+v, want a revision with meta %+v", entries, want)
}
