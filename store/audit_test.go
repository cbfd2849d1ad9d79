package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

func TestAudit(t *testing.T) {
	clk := &clock{t: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)}
	s := openAt(t, filepath.Join(t.TempDir(), "jalon.db"), Options{Now: clk.now})
	r84 := map[string]string{"region": "84"}
	write := func(actor string, ms ...indicators.Measurement) {
		t.Helper()
		clk.t = clk.t.Add(time.Minute)
		if _, err := s.Write(t.Context(), ms, actor); err != nil {
			t.Fatal(err)
		}
	}
	write("alice", meas("users", r84, day(0), 10), meas("docs", nil, day(0), 5))
	write("alice", meas("users", r84, day(0), 10)) // unchanged: no entry
	revised := meas("users", r84, day(0), 12)
	revised.Source = "csv"
	write("bob", revised)
	clk.t = clk.t.Add(time.Minute)
	if _, _, err := s.PutIndicator(StoredIndicator{ID: "users"}, "carol", "new target"); err != nil {
		t.Fatal(err)
	}

	got, err := s.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 08:01 alice push new=2 revised=0 [users docs]",
		"2 08:03 bob revise users{region=\"84\"} 2024-01-01 10 (test) → 12 (csv)",
		"3 08:03 bob push new=0 revised=1 [users]",
		"4 08:04 carol catalog users rev 1: new target",
	}
	if len(got) != len(want) {
		t.Fatalf("Audit(0, 0) = %d entries %+v, want %d", len(got), got, len(want))
	}
	for i, e := range got {
		if s := describe(e); s != want[i] {
			t.Errorf("Audit(0, 0)[%d] = %q, want %q", i, s, want[i])
		}
	}
	page, err := s.Audit(2, 2)
	if err != nil || len(page) != 2 || page[0].Seq != 2 || page[1].Seq != 3 {
		t.Errorf("Audit(2, 2) = %+v, %v, want entries 2 and 3", page, err)
	}
}

func describe(e AuditEntry) string {
	head := fmt.Sprintf("%d %s %s %s", e.Seq, e.Time.Format("15:04"), e.Actor, e.Action)
	switch e.Action {
	case ActionPush:
		return fmt.Sprintf("%s new=%d revised=%d %v", head, e.New, e.Revised, e.Indicators)
	case ActionRevise:
		return fmt.Sprintf("%s %s%s %s %v (%s) → %v (%s)", head, e.Indicator, e.Labels,
			e.At.Format(time.DateOnly), e.Old, e.OldSource, e.Value, e.Source)
	}
	return fmt.Sprintf("%s %s rev %d: %s", head, e.Indicator, e.Rev, e.Reason)
}
