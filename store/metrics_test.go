package store

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/indicators"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestMetrics(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	path := filepath.Join(t.TempDir(), "jalon.db")
	s := openAt(t, path, Options{Registerer: reg})
	ms := []indicators.Measurement{meas("a", nil, day(0), 1), meas("a", nil, day(1), 1), meas("b", nil, day(0), 1)}
	if _, err := s.Write(t.Context(), ms, "a"); err != nil {
		t.Fatal(err)
	}
	// Nothing changes: the writer acknowledges without a commit.
	if res, err := s.Write(t.Context(), ms, "a"); err != nil || res.Unchanged != 3 {
		t.Fatalf("Write(same again) = %+v, %v, want 3 unchanged", res, err)
	}
	if _, err := s.Series(); err != nil { // a read: the applier catches up
		t.Fatal(err)
	}
	want := `
# HELP jalon_store_commits_total Groups of writes made durable in the write-ahead log, one fsync each.
# TYPE jalon_store_commits_total counter
jalon_store_commits_total 1
# HELP jalon_store_points Points in the store file.
# TYPE jalon_store_points gauge
jalon_store_points 3
# HELP jalon_store_series Series in the store file.
# TYPE jalon_store_series gauge
jalon_store_series 2
`
	names := []string{"jalon_store_commits_total", "jalon_store_points", "jalon_store_series"}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	if n, err := testutil.GatherAndCount(reg, "jalon_store_size_bytes", "jalon_store_batch_size", "jalon_store_commit_duration_seconds",
		"jalon_store_applies_total", "jalon_store_apply_duration_seconds", "jalon_store_applied_points_total", "jalon_store_wal_pending_points"); err != nil || n != 7 {
		t.Errorf("GatherAndCount(size, batch, duration, applies…) = %d, %v, want 7", n, err)
	}
	if problems, err := testutil.GatherAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("GatherAndLint() = %+v, %v", problems, err)
	}
	// Closing unregisters, so the file can be opened again on the same registry.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	openAt(t, path, Options{Registerer: reg})
}
