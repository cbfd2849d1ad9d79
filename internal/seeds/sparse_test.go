package seeds_test

import (
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// TestIssue11Findings replays on the real catalog the findings of issue 11
// that part 2 (honest statistics on sparse data) answers.
func TestIssue11Findings(t *testing.T) {
	cat := loadCatalog(t)
	ind := func(id string) *indicators.Indicator {
		i, _, ok := cat.Indicator(id)
		if !ok {
			t.Fatalf("catalog has no %s", id)
		}
		return i
	}
	d := func(s string) time.Time {
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	// 1-1: the first push, a month of October 2026, used to call the 2023
	// milestone missed and page for it. Nobody measured 2023.
	docs := ind("mes_documents_fed_per_year")
	e := indicators.Evaluate(docs, []indicators.Point{{Time: d("2026-10-31"), Value: 30e6}}, d("2026-11-05"))
	if e.LastMissed != -1 || e.LastUnverified != 0 || e.Target != 1 {
		t.Errorf("1-1 after its first push: LastMissed %d, LastUnverified %d, target %d; want -1, 0 (2023 unverified), 1",
			e.LastMissed, e.LastUnverified, e.Target)
	}

	// 4-2 in December 2026: its only deadline (2026-06-30) has passed; no
	// forecast "on 2026-06-30" any more.
	mediators := ind("digital_mediators_trained")
	var pts []indicators.Point
	for m := 1; m <= 11; m++ {
		pts = append(pts, indicators.Point{Time: time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC), Value: float64(5000 + 300*m)})
	}
	e = indicators.Evaluate(mediators, pts, d("2026-12-06"))
	if e.Forecast != nil || e.NoForecast.Reason != indicators.NoDeadlineAhead {
		t.Errorf("4-2 in December 2026: forecast %+v, no forecast %q; want none, %q", e.Forecast, e.NoForecast.Reason, indicators.NoDeadlineAhead)
	}

	// 14-1: three figures in eight months, stale since November 2025. The
	// page used to show only "stale"; now also its last judgement (1.8 M
	// against 11.7 M planned: off track). The three figures span a quarter
	// of the way to 2027, so they are forecast, on one degree of freedom,
	// with a probability that is small but never 0.
	vitale := ind("appli_carte_vitale_users")
	pts = []indicators.Point{{Time: d("2025-03-01"), Value: 700e3}, {Time: d("2025-03-31"), Value: 850e3}, {Time: d("2025-11-30"), Value: 1.8e6}}
	e = indicators.Evaluate(vitale, pts, d("2026-12-06"))
	if e.Status != indicators.StatusStale || e.LastJudged != indicators.StatusOffTrack {
		t.Errorf("14-1: %s, last judged %q; want stale, last judged off_track", e.Status, e.LastJudged)
	}
	if f := e.Forecast; f == nil || f.DF != 1 || e.Probability <= 0 || e.Probability >= 1 {
		t.Errorf("14-1: forecast %+v, probability %v; want one on 1 degree of freedom, probability in (0, 1)", f, e.Probability)
	} else {
		t.Logf("14-1: %.3g M planned at the latest; forecast %.3g M [%.3g, %.3g] on %s, p %.3f %s",
			e.PlannedAtLatest/1e6, f.Value/1e6, f.Low/1e6, f.High/1e6, f.At.Format(time.DateOnly), e.Probability, e.Confidence)
	}
}
