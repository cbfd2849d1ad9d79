package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
)

// The audit log is in order, numbered from 1 without gaps, and pages from
// a sequence number.
func testAuditPaging(t *testing.T, s *suite) {
	b, clk := s.backend(t)
	for i := range 5 {
		clk.set(t0.Add(time.Duration(i) * time.Hour))
		write(t, b, meas("x", i, float64(i)))
	}
	all, err := b.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Fatalf("Audit(0, 0) = %d entries, want 5", len(all))
	}
	for i, e := range all {
		at := t0.Add(time.Duration(i) * time.Hour)
		if e.Seq != uint64(i+1) || e.Action != store.ActionPush || e.New != 1 || e.Actor != "suite" || !e.Time.Equal(at) {
			t.Errorf("entry %d = %+v, want seq %d, a push of 1 point by suite at %s", i, e, i+1, at)
		}
	}
	page, err := b.Audit(2, 2)
	if err != nil || len(page) != 2 || page[0].Seq != 2 || page[1].Seq != 3 {
		t.Errorf("Audit(2, 2) = %+v, %v; want entries 2 and 3", page, err)
	}
	if rest, err := b.Audit(page[len(page)-1].Seq+1, 10); err != nil || len(rest) != 2 || rest[0].Seq != 4 {
		t.Errorf("next page = %+v, %v; want entries 4 and 5", rest, err)
	}
	if past, err := b.Audit(6, 10); err != nil || len(past) != 0 {
		t.Errorf("Audit past the end = %+v, %v; want none", past, err)
	}
}

// asOf returns the points of a series known at known, as "day=value".
func asOf(t *testing.T, b store.Backend, id uint64, known time.Time) string {
	t.Helper()
	var out []indicators.Point
	err := b.View(func(r store.Reader) error {
		return r.PointsAsOf(id, known, func(p indicators.Point) error {
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		t.Fatalf("PointsAsOf(%d, %s) = %v", id, known, err)
	}
	return dayValues(out)
}

type asOfCase struct {
	name  string
	known time.Time
	want  string
}

func checkAsOf(t *testing.T, b store.Backend, id uint64, cases []asOfCase) {
	t.Helper()
	for _, c := range cases {
		if got := asOf(t, b, id, c.known); got != c.want {
			t.Errorf("%s: PointsAsOf(%s) = %q, want %q", c.name, c.known.Format(time.RFC3339Nano), got, c.want)
		}
	}
}

// Each point is known from the time its value was written: a read as known
// at a date shows the points stored by then, with the values then in force.
func testArrivals(t *testing.T, s *suite) {
	b, clk := s.backend(t)
	t2 := t0.Add(24 * time.Hour)
	write(t, b, meas("x", 0, 1), meas("x", 1, 2))
	clk.set(t2)
	write(t, b, meas("x", 0, 3), meas("x", 2, 4), meas("x", 1, 2))
	write(t, b, meas("x", 3, 5), meas("x", 3, 6))
	checkAsOf(t, b, seriesID(t, b, "x"), []asOfCase{
		{"before anything arrived", t0.Add(-time.Second), ""},
		{"at the first write", t0, "0=1 1=2"},
		{"just before the revision", t2.Add(-time.Nanosecond), "0=1 1=2"},
		{"at the revision", t2, "0=3 1=2 2=4 3=6"},
		{"long after", t2.AddDate(1, 0, 0), "0=3 1=2 2=4 3=6"},
	})
}

// A deleted point stops being read, but a read as known at a date before
// its deletion still shows it; the audit log keeps the reason and value.
func testDeletePoint(t *testing.T, s *suite) {
	b, clk := s.backend(t)
	t2, t3 := t0.Add(time.Hour), t0.Add(2*time.Hour)
	write(t, b, meas("x", 0, 1), meas("x", 1, 2))
	clk.set(t2)
	write(t, b, meas("x", 1, 7))
	clk.set(t3)
	rm, err := b.Delete(t.Context(), []store.Target{{Indicator: "x", At: day(1)}}, "wrong value", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if len(rm) != 1 || len(rm[0].Points) != 1 || rm[0].Points[0].Value != 7 || rm[0].SeriesGone {
		t.Fatalf("Delete = %+v, want the point of day 1 with 7, series kept", rm)
	}
	id := seriesID(t, b, "x")
	if got := points(t, b, id); got != "0=1" {
		t.Errorf("after the deletion, Points = %s, want 0=1", got)
	}
	checkAsOf(t, b, id, []asOfCase{
		{"first write", t0, "0=1 1=2"},
		{"revision", t2, "0=1 1=7"},
		{"just before the deletion", t3.Add(-time.Nanosecond), "0=1 1=7"},
		{"deletion", t3, "0=1"},
	})
	if st := b.Stats(); st != (store.Stats{Series: 1, Points: 1}) {
		t.Errorf("Stats = %+v, want 1 series, 1 point", st)
	}
	checkDeleteAudit(t, b, "wrong value", 1)
}

func checkDeleteAudit(t *testing.T, b store.Backend, reason string, points int) {
	t.Helper()
	audit, err := b.Audit(0, 0)
	if err != nil || len(audit) == 0 {
		t.Fatalf("Audit = %d entries, %v", len(audit), err)
	}
	last := audit[len(audit)-1]
	if last.Action != store.ActionDelete || last.Reason != reason || len(last.Removed) != points || last.Actor != "admin" {
		t.Errorf("last audit entry = %+v, want a deletion by admin of %d points for %q", last, points, reason)
	}
}

// A series deleted whole leaves the listings, but stays readable as known
// before its deletion; stored again, it is a new series.
func testDeleteSeries(t *testing.T, s *suite) {
	b, clk := s.backend(t)
	write(t, b, meas("x", 0, 1, "region", "11"), meas("x", 1, 2, "region", "11"), meas("x", 0, 5))
	id := seriesID(t, b, "x", "region", "11")
	t2 := t0.Add(time.Hour)
	clk.set(t2)
	rm, err := b.Delete(t.Context(), []store.Target{{Indicator: "x", Labels: indicators.Labels{{Name: "region", Value: "11"}}}}, "test push", "admin")
	if err != nil || len(rm) != 1 || !rm[0].SeriesGone || len(rm[0].Points) != 2 {
		t.Fatalf("Delete(series) = %+v, %v; want its 2 points, series gone", rm, err)
	}
	if of, err := b.SeriesOf("x"); err != nil || len(of) != 1 || len(of[0].Labels) != 0 {
		t.Errorf("SeriesOf(x) after the deletion = %+v, %v; want x{} alone", of, err)
	}
	_, err = b.SeriesID("x", indicators.Labels{{Name: "region", Value: "11"}})
	wantErr(t, "SeriesID(deleted series)", err, store.ErrNotFound)
	checkDeletedSeriesOf(t, b, id)
	checkAsOf(t, b, id, []asOfCase{{"before the deletion", t0, "0=1 1=2"}, {"at the deletion", t2, ""}})
	checkDeleteAudit(t, b, "test push", 2)
	write(t, b, meas("x", 3, 9, "region", "11"))
	if again := seriesID(t, b, "x", "region", "11"); again == id {
		t.Errorf("series stored again after its deletion has id %d, the deleted one's; want a new id", again)
	}
}

func checkDeletedSeriesOf(t *testing.T, b store.Backend, id uint64) {
	t.Helper()
	err := b.View(func(r store.Reader) error {
		gone, err := r.DeletedSeriesOf("x")
		if err != nil || len(gone) != 1 || gone[0].ID != id || gone[0].Labels.String() != `{region="11"}` {
			t.Errorf("DeletedSeriesOf(x) = %+v, %v; want series %d x{region=\"11\"}", gone, err, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A deletion without a reason, or naming anything unknown, removes nothing.
func testDeleteRefused(t *testing.T, s *suite) {
	b, _ := s.backend(t)
	write(t, b, meas("x", 0, 1), meas("x", 1, 2))
	_, err := b.Delete(t.Context(), []store.Target{{Indicator: "x"}}, "", "admin")
	wantErr(t, "Delete without reason", err, store.ErrInvalid)
	for _, target := range []store.Target{{Indicator: "y"}, {Indicator: "x", At: day(5)}} {
		_, err := b.Delete(t.Context(), []store.Target{{Indicator: "x", At: day(0)}, target}, "mistake", "admin")
		wantErr(t, "Delete(x day 0 and unknown "+target.Indicator+")", err, store.ErrNotFound)
	}
	if got := points(t, b, seriesID(t, b, "x")); got != "0=1 1=2" {
		t.Errorf("after refused deletions, Points = %s, want 0=1 1=2", got)
	}
}

// Each write that changes something is audited: its revisions first, each
// with the value and source replaced, then the push with its counts; an
// unchanged write is not. Catalog revisions follow in order.
func testAuditEntries(t *testing.T, s *suite) {
	b, clk := s.backend(t)
	write := func(actor string, ms ...indicators.Measurement) {
		t.Helper()
		clk.set(clk.now().Add(time.Minute))
		if _, err := b.Write(t.Context(), ms, actor); err != nil {
			t.Fatal(err)
		}
	}
	write("alice", meas("users", 0, 10, "region", "84"), meas("docs", 0, 5))
	write("alice", meas("users", 0, 10, "region", "84"))
	revised := meas("users", 0, 12, "region", "84")
	revised.Source = "csv"
	write("bob", revised)
	clk.set(clk.now().Add(time.Minute))
	if _, _, err := b.PutIndicator(store.StoredIndicator{ID: "users"}, "carol", "new target"); err != nil {
		t.Fatal(err)
	}
	got, err := b.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 12:01 alice push new=2 revised=0 [users docs]",
		`2 12:03 bob revise users{region="84"} 2024-01-01 10 (suite) → 12 (csv)`,
		"3 12:03 bob push new=0 revised=1 [users]",
		"4 12:04 carol catalog users rev 1: new target",
	}
	if len(got) != len(want) {
		t.Fatalf("Audit(0, 0) = %d entries %+v, want %d", len(got), got, len(want))
	}
	for i, e := range got {
		if d := describe(e); d != want[i] {
			t.Errorf("Audit(0, 0)[%d] = %q, want %q", i, d, want[i])
		}
	}
}

func describe(e store.AuditEntry) string {
	head := fmt.Sprintf("%d %s %s %s", e.Seq, e.Time.Format("15:04"), e.Actor, e.Action)
	switch e.Action {
	case store.ActionPush:
		return fmt.Sprintf("%s new=%d revised=%d %v", head, e.New, e.Revised, e.Indicators)
	case store.ActionRevise:
		return fmt.Sprintf("%s %s%s %s %v (%s) → %v (%s)", head, e.Indicator, e.Labels,
			e.At.Format(time.DateOnly), e.Old, e.OldSource, e.Value, e.Source)
	}
	return fmt.Sprintf("%s %s rev %d: %s", head, e.Indicator, e.Rev, e.Reason)
}
