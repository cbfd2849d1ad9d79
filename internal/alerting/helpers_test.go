package alerting

import (
	"math"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

var t0 = time.Date(2025, 8, 15, 9, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ptr[T any](v T) *T { return &v }

// testCatalog has objective 1-1 with a quantified rate (docs), a dated
// milestone (launch) and a regional share (share).
func testCatalog() *indicators.Catalog {
	base := indicators.Anchor{Value: 100e6, Date: date(2022, 12, 31)}
	return &indicators.Catalog{
		Axes: []indicators.Axis{{ID: 1, Name: "Prévention"}},
		Objectives: []indicators.Objective{{ID: "1-1", Axis: 1, Priority: 1, Owners: []string{"CNAM", "DNS"}, Indicators: []indicators.Indicator{
			{ID: "docs", Objective: "1-1", Name: "Documents alimentés", Kind: indicators.KindRate, Unit: "per_year",
				Direction: indicators.Increase, Baseline: base, Cadence: 90 * 24 * time.Hour,
				Milestones: []indicators.Milestone{
					{Value: ptr(250e6), Deadline: date(2023, 12, 31), DeadlineText: "fin 2023"},
					{Value: ptr(400e6), Deadline: date(2026, 12, 31), DeadlineText: "fin 2026"}}},
			{ID: "launch", Objective: "1-1", Name: "Lancement", Kind: indicators.KindMilestone, Unit: "done",
				Direction: indicators.Increase, Baseline: indicators.Anchor{Date: date(2023, 1, 1)},
				Milestones: []indicators.Milestone{{Deadline: date(2025, 6, 30), DeadlineText: "mi-2025"}}},
			{ID: "share", Objective: "1-1", Name: "Part", Kind: indicators.KindLevel, Unit: "percent",
				Direction: indicators.Increase, Baseline: indicators.Anchor{Date: date(2023, 1, 1)}, Cadence: 30 * 24 * time.Hour,
				Dimensions: []string{"region"},
				Milestones: []indicators.Milestone{{Value: ptr(90.0), Deadline: date(2026, 12, 31), DeadlineText: "2026"}}},
		}}},
	}
}

// evalDocs is an evaluation of docs at now with the given status: latest
// 315 M/yr at 2025-06-30 against a plan of 324.86 M/yr, forecast 393.84
// M/yr at 2026-12-31 with probability 0.345 (docs/trajectory.md §9).
func evalDocs(now time.Time, status indicators.Status) indicators.Evaluation {
	return indicators.Evaluation{Now: now, Status: status, Latest: &indicators.Point{Time: date(2025, 6, 30), Value: 315e6},
		PlannedAtLatest: 324.86e6, PlannedNow: 331.16e6, Gap: -0.0658, Target: 1, Progress: 0.7167,
		Forecast:    &indicators.Forecast{At: date(2026, 12, 31), Value: 393.84e6, Low: 374.05e6, High: 413.64e6},
		Probability: 0.345, Confidence: indicators.ConfidenceAmberRed, LastMissed: 0, LastUnverified: -1}
}

func noData(now time.Time) indicators.Evaluation {
	nan := math.NaN()
	return indicators.Evaluation{Now: now, Status: indicators.StatusNoData, PlannedAtLatest: nan, Gap: nan,
		Progress: nan, Probability: nan, Target: 1, LastMissed: -1, LastUnverified: -1, Confidence: indicators.ConfidenceUnknown}
}

func result(ind string, e indicators.Evaluation, labels ...indicators.Label) evaluator.Result {
	return evaluator.Result{Series: evaluator.Series{Indicator: ind, Objective: "1-1", Labels: labels}, Eval: e}
}

func snapshot(gen uint64, c *indicators.Catalog, now time.Time, rs ...evaluator.Result) *evaluator.Snapshot {
	return &evaluator.Snapshot{Generation: gen, At: now, Catalog: c, Results: rs}
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "jalon.db")
	}
	st, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// testNotifiers are one Alertmanager and one webhook that the state tests
// never run: they read the queues.
func testNotifiers() []config.Notifier {
	return []config.Notifier{
		{Name: "am", Type: config.NotifierAlertmanager, URLs: []string{"http://127.0.0.1:1"}},
		{Name: "hook", Type: config.NotifierWebhook, URLs: []string{"http://127.0.0.1:1/hook"}, Secret: "s"},
	}
}

// queued returns the live entries waiting for the named receiver.
func queued(m *Manager, name string) []*entry {
	m.outbox.mu.Lock()
	defer m.outbox.mu.Unlock()
	var out []*entry
	for _, r := range m.outbox.receivers {
		if r.name != name {
			continue
		}
		for _, e := range r.queue {
			if !e.gone {
				out = append(out, e)
			}
		}
	}
	return out
}

// drain forgets the queued entries of every receiver, as if delivered.
func drain(t *testing.T, m *Manager) {
	t.Helper()
	for _, r := range m.outbox.receivers {
		if batch := allLive(m, r); len(batch) > 0 {
			m.outbox.done(r, batch)
		}
	}
}

func allLive(m *Manager, r *receiver) []*entry {
	m.outbox.mu.Lock()
	defer m.outbox.mu.Unlock()
	var out []*entry
	for _, e := range r.queue {
		if !e.gone {
			out = append(out, e)
		}
	}
	return out
}
