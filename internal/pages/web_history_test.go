package pages

import (
	"fmt"
	"testing"
	"time"
)

func TestPointRevisions(t *testing.T) {
	h := newPagesHarness(t)
	for i := range 9 { // pushes and revisions: 9 + 8 audit entries, not a power of two
		body := item(fmt.Sprintf(`{"indicator":%q,"time":"2025-01-31","value":%d,"source":"s%d"},
			{"indicator":%q,"time":"2025-02-28","value":%d}`, indPercent, 10+i, i, indPercent, 20))
		if w := h.push(t, body); w.Code != 200 {
			t.Fatalf("push %d = %d %s", i, w.Code, w.Body)
		}
	}
	all, err := h.store.Audit(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	last, err := lastAuditSeq(h.store)
	if err != nil || last != all[len(all)-1].Seq {
		t.Fatalf("lastAuditSeq = %d, %v, want %d", last, err, all[len(all)-1].Seq)
	}
	revs, truncated, err := newPages(h.options(Options{})).pointRevisions(indPercent, ind11)
	if err != nil || truncated {
		t.Fatalf("pointRevisions = %v, truncated %v", err, truncated)
	}
	got := revs[revisionKey(indPercent, nil, day("2025-01-31"))]
	if len(got) != 8 || got[0].Old != 10 || got[7].Value != 18 || got[7].OldSource != "s7" || !got[7].Time.Equal(testNow) {
		t.Errorf("revisions of the point = %+v, want 8 from 10 to 18", got)
	}
	if n := len(revs[revisionKey(indPercent, nil, day("2025-02-28"))]); n != 0 {
		t.Errorf("unchanged point has %d revisions, want none", n)
	}
}

func TestLastAuditSeqEmpty(t *testing.T) {
	h := newPagesHarness(t)
	if last, err := lastAuditSeq(h.store); last != 0 || err != nil {
		t.Errorf("lastAuditSeq(empty log) = %d, %v, want 0", last, err)
	}
}

// BenchmarkRoadmapPage renders / over the whole catalog with a history for
// every indicator; the issue asks for less than 200 ms.
func BenchmarkRoadmapPage(b *testing.B) {
	benchmarkPage(b, "/")
}

// BenchmarkIndicatorPage renders the page of an indicator with regional
// parts: its history, the audit log's revisions and the small multiples.
func BenchmarkIndicatorPage(b *testing.B) {
	benchmarkPage(b, "/indicators/"+indRegion)
}

func benchmarkPage(b *testing.B, path string) {
	h := newPagesHarness(b)
	pushCatalogFixture(b, h)
	pages := h.pages(Options{})
	start := time.Now()
	if w := page(b, pages, path); w.Code != 200 {
		b.Fatalf("GET %s = %d", path, w.Code)
	}
	b.Logf("first GET %s: %s", path, time.Since(start))
	for b.Loop() {
		page(b, pages, path)
	}
}
