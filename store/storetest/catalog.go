package storetest

import (
	"testing"
	"time"

	"github.com/jalonhq/jalon/store"
)

// A changed definition is a new revision, an unchanged one is not, and
// every revision is kept with who stored it, when and why.
func testCatalogRevisions(t *testing.T, s *suite) {
	b, clk := s.backend(t)
	def := store.StoredIndicator{ID: "docs", Name: "Documents", Unit: "count", AtRisk: 0.1, OffTrack: 0.2}
	put := func(def store.StoredIndicator, actor, reason string, wantRev int, wantChanged bool) {
		t.Helper()
		rev, changed, err := b.PutIndicator(def, actor, reason)
		if err != nil || rev != wantRev || changed != wantChanged {
			t.Errorf("PutIndicator(%s by %s) = %d, %t, %v; want %d, %t", def.Name, actor, rev, changed, err, wantRev, wantChanged)
		}
	}
	put(def, "catalog", "seed", 1, true)
	put(def, "catalog", "seed", 1, false)
	clk.set(t0.Add(time.Hour))
	def.Name = "Documents sent"
	put(def, "alice", "renamed", 2, true)
	revs, err := b.Revisions("docs")
	if err != nil || len(revs) != 2 {
		t.Fatalf("Revisions(docs) = %+v, %v; want 2", revs, err)
	}
	if r := revs[0]; r.Rev != 1 || r.Actor != "catalog" || r.Reason != "seed" || !r.Time.Equal(t0) || r.Definition.Name != "Documents" {
		t.Errorf("revision 1 = %+v, want Documents by catalog at %s", r, t0)
	}
	if r := revs[1]; r.Rev != 2 || r.Actor != "alice" || r.Reason != "renamed" || r.Definition.Name != "Documents sent" {
		t.Errorf("revision 2 = %+v, want Documents sent by alice", r)
	}
	cur, err := b.Indicators()
	if err != nil || len(cur) != 1 || cur["docs"].Rev != 2 || cur["docs"].Definition.AtRisk != 0.1 {
		t.Errorf("Indicators = %+v, %v; want docs at revision 2", cur, err)
	}
	_, err = b.Revisions("nope")
	wantErr(t, "Revisions(unknown)", err, store.ErrNotFound)
	_, _, err = b.PutIndicator(store.StoredIndicator{Name: "no id"}, "alice", "")
	wantErr(t, "PutIndicator(no id)", err, store.ErrInvalid)
	audit, err := b.Audit(0, 0)
	if err != nil || len(audit) != 2 || audit[1].Action != store.ActionCatalog || audit[1].Indicator != "docs" || audit[1].Rev != 2 {
		t.Errorf("Audit = %+v, %v; want two catalog entries, the second for docs revision 2", audit, err)
	}
}
