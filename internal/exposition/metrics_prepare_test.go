package exposition

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPrepareExposition checks that each new snapshot is encoded without a
// scrape, and that the scrape then serves those bytes.
func TestPrepareExposition(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- h.expo.Prepare(ctx) }()
	prepared := func(want uint64) bool {
		h.expo.mu.Lock()
		defer h.expo.mu.Unlock()
		return h.expo.expo != nil && h.expo.expo.snap.Generation == want
	}
	wait := func(what string) {
		t.Helper()
		want := h.eval.Snapshot().Generation
		for deadline := time.Now().Add(10 * time.Second); !prepared(want); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: snapshot %d not encoded without a scrape", what, want)
			}
		}
	}
	wait("at start")
	pushFixture(t, h)
	wait("after a push")
	current := func() *exposition {
		h.expo.mu.Lock()
		defer h.expo.mu.Unlock()
		return h.expo.expo
	}
	x := current()
	body := h.scrape().Body.String()
	if current() != x {
		t.Error("the scrape encoded the snapshot again")
	}
	if !strings.Contains(body, "jalon_indicator_value{") {
		t.Errorf("/metrics lacks the pushed series' values:\n%.500s", body)
	}
	// After a scrape asking for gzip, snapshots are compressed ahead too.
	h.scrape("Accept-Encoding", "gzip")
	zipped := func() bool {
		h.expo.mu.Lock()
		defer h.expo.mu.Unlock()
		return h.expo.gz != nil && h.expo.expo.snap.Generation == h.eval.Snapshot().Generation
	}
	h.eval.EvaluateAll()
	for deadline := time.Now().Add(10 * time.Second); !zipped(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a new snapshot was not compressed ahead of scrapes once a client asked for gzip")
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Prepare() = %v after cancel, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Prepare did not return after cancel")
	}
}

// TestMetricsContentLength checks the length announced for a cached
// exposition, plain and gzipped: a wrong one cuts or stalls the scrape.
func TestMetricsContentLength(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	for _, enc := range []string{"", "gzip"} {
		for range 2 { // encoding, then cached
			w := h.scrape("Accept-Encoding", enc)
			if got, want := w.Header().Get("Content-Length"), strconv.Itoa(w.Body.Len()); got != want {
				t.Errorf("Accept-Encoding %q: Content-Length %q for a %s-byte body", enc, got, want)
			}
		}
	}
}
