package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/catalogfile"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/golden"
	"github.com/jalonhq/jalon/store"
)

// loadedRecord is a new store in a temporary directory with the published
// record loaded, and the embedded catalog.
func loadedRecord(t *testing.T) (*store.Store, *indicators.Catalog) {
	t.Helper()
	clk := &storeClock{}
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat, err := catalogfile.ParseCatalog(embeddedSources()...)
	if err != nil {
		t.Fatal(err)
	}
	if err := loadPublished(context.Background(), st, clk, cat, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("loadPublished = %v", err)
	}
	return st, cat
}

// TestPublishedRecordStatuses checks the status of five objectives on the
// published record against their derivations by hand in
// docs/published/derivations.md ("Status on 2026-02-15").
func TestPublishedRecordStatuses(t *testing.T) {
	st, cat := loadedRecord(t)
	now := time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)
	byID := cat.IndicatorsByID()
	want := []struct {
		objective, indicator string
		status               indicators.Status
		lastJudged           indicators.Status
	}{
		{"1-1", "mes_documents_fed_per_year", indicators.StatusAchieved, ""},
		{"8-4", "eprescription_doctors", indicators.StatusUnverified, ""},
		{"14-1", "appli_carte_vitale_users", indicators.StatusStale, indicators.StatusOffTrack},
		{"15-3", "cyber_crisis_exercise_share", indicators.StatusNoData, ""},
		{"18-3", "eu_data_pilot_use_cases", indicators.StatusNoData, ""},
	}
	for _, w := range want {
		var pts []indicators.Point
		if id, err := st.SeriesID(w.indicator, nil); err == nil {
			if pts, err = st.LastPoints(id, 100, nil); err != nil {
				t.Fatal(err)
			}
		}
		ev := indicators.Evaluate(byID[w.indicator], pts, now)
		if ev.Status != w.status || ev.LastJudged != w.lastJudged {
			t.Errorf("%s %s on the published record = %s (last judged %q), derived by hand %s (%q)",
				w.objective, w.indicator, ev.Status, ev.LastJudged, w.status, w.lastJudged)
		}
	}
}

// TestPublishedRecordArrivals: each figure arrived on its publication date,
// so the record as known at the end of 2024 holds the August 2023 month
// and the 12 months to September 2024 (published 7 October 2024), not the
// 2024 total (31 January 2025).
func TestPublishedRecordArrivals(t *testing.T) {
	st, _ := loadedRecord(t)
	id, err := st.SeriesID("mes_documents_fed_per_year", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = st.View(func(r store.Reader) error {
		return r.PointsAsOf(id, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), func(p indicators.Point) error {
			got = append(got, p.Time.Format(time.DateOnly))
			return nil
		})
	})
	if err != nil || strings.Join(got, " ") != "2023-08-31 2024-09-30" {
		t.Errorf("1-1 as known at 2025-01-01 = %v, %v; want 2023-08-31 2024-09-30", got, err)
	}
}

// TestDaemonStartsWithPublishedRecord runs jalond on a new store: it holds
// the published record, and a restart does not load it again; with
// --storage.no-published-record (as every other end-to-end test) the store
// starts empty.
func TestDaemonStartsWithPublishedRecord(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, dir, "--storage.no-published-record=false")
	series := func(d *daemon) string {
		code, body, err := d.do(http.MethodGet, "/api/v1/indicators/mes_documents_fed_per_year/series", "", nil)
		if err != nil || code != http.StatusOK {
			t.Fatalf("GET series = %d %s %v", code, body, err)
		}
		return string(body)
	}
	if got := series(d); strings.Count(got, `"time"`) != 4 || !strings.Contains(got, `"value":420000000,"qualifier":"at_least"`) {
		t.Errorf("series of 1-1 on a new store = %s, want the 4 published figures", got)
	}
	d.stop(t)
	d = startDaemon(t, dir, "--storage.no-published-record=false")
	if got := series(d); strings.Count(got, `"time"`) != 4 {
		t.Errorf("series of 1-1 after a restart = %s, want the same 4 figures", got)
	}
	d.stop(t)
	empty := startDaemon(t, t.TempDir())
	if got := series(empty); strings.Contains(got, `"time"`) {
		t.Errorf("series of 1-1 with --storage.no-published-record = %s, want none", got)
	}
}

// TestPublishedRecordGolden evaluates the whole catalog on the published
// record on 2026-02-15, a fortnight after the last publication, and keeps
// one line per series with data in testdata/published-2026-02-15.golden:
// where the roadmap stands by public evidence. go test -update accepts a
// change.
func TestPublishedRecordGolden(t *testing.T) {
	st, cat := loadedRecord(t)
	now := time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)
	var out strings.Builder
	out.WriteString("# objective indicator status latest planned_at_latest gap forecast probability confidence\n")
	for _, o := range cat.Objectives {
		for i := range o.Indicators {
			ind := &o.Indicators[i]
			id, err := st.SeriesID(ind.ID, nil)
			if err != nil {
				continue // no published figure
			}
			pts, err := st.LastPoints(id, 100, nil)
			if err != nil {
				t.Fatal(err)
			}
			ev := indicators.Evaluate(ind, pts, now)
			fmt.Fprintf(&out, "%s %s %s latest=%s%.4g@%s planned=%.4g gap=%.4g forecast=%s p=%.4g confidence=%s last_judged=%s\n",
				o.ID, ind.ID, ev.Status, ev.Latest.Qualifier.Symbol(), ev.Latest.Value, ev.Latest.Time.Format(time.DateOnly),
				ev.PlannedAtLatest, ev.Gap, forecastText(ev.Forecast), ev.Probability, ev.Confidence, ev.LastJudged)
		}
	}
	golden.Compare(t, filepath.Join("testdata", "published-2026-02-15.golden"), []byte(out.String()))
}

func forecastText(f *indicators.Forecast) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf("%.4g[%.4g,%.4g]@%s", f.Value, f.Low, f.High, f.At.Format(time.DateOnly))
}
