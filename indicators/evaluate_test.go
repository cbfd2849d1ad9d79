package indicators

import (
	"fmt"
	"math"
	"testing"
)

// series builds points from alternating ISO dates and values.
func series(t testing.TB, kv ...any) []Point {
	t.Helper()
	pts := make([]Point, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		pts = append(pts, Point{Time: date(t, kv[i].(string)), Value: toFloat(kv[i+1])})
	}
	return pts
}

func toFloat(v any) float64 {
	if i, ok := v.(int); ok {
		return float64(i)
	}
	return v.(float64)
}

// keepAt90 is a percentage to hold at its baseline: the target equals it.
func keepAt90(t testing.TB) *Indicator {
	return &Indicator{Kind: KindLevel, Unit: "percent", Direction: Increase,
		Baseline:   Anchor{Value: 90, Date: date(t, "2024-01-01")},
		Milestones: []Milestone{{Value: ptr(90), Deadline: date(t, "2025-01-01")}}}
}

// shorterDelay is 5-4's shape: a delay of 12 months to bring to 6 by 2026.
func shorterDelay(t testing.TB) *Indicator {
	return &Indicator{Kind: KindLevel, Unit: "months", Direction: Decrease,
		Baseline:   Anchor{Value: 12, Date: date(t, "2024-01-01")},
		Milestones: []Milestone{{Value: ptr(6), Deadline: date(t, "2026-01-01")}}}
}

// launch is a done/not-done milestone due on 2025-01-01, at risk from
// 2024-10-01 12:00 (the last quarter of its 366 days).
func launch(t testing.TB) *Indicator {
	return &Indicator{Kind: KindMilestone, Unit: "done", Direction: Increase,
		Baseline:   Anchor{Date: date(t, "2024-01-01")},
		Milestones: []Milestone{{Deadline: date(t, "2025-01-01")}}}
}

func with(ind *Indicator, change func(*Indicator)) *Indicator {
	change(ind)
	return ind
}

func TestEvaluateStatus(t *testing.T) {
	noCadence := func(ind *Indicator) { ind.Cadence = 0 }
	cases := []struct {
		name   string
		ind    *Indicator
		pts    []Point
		now    string
		status Status
		target int
	}{
		{"no data", twoTargets(t), nil, "2024-07-01", StatusNoData, 0},
		{"only future data", twoTargets(t), series(t, "2024-08-01", 50), "2024-07-01", StatusNoData, 0},
		{"on track", twoTargets(t), series(t, "2024-07-01", 50), "2024-07-15", StatusOnTrack, 0},
		{"at risk", twoTargets(t), series(t, "2024-07-01", 40), "2024-07-15", StatusAtRisk, 0},
		{"off track", twoTargets(t), series(t, "2024-07-01", 30), "2024-07-15", StatusOffTrack, 0},
		{"stale", twoTargets(t), series(t, "2024-07-01", 50), "2024-10-01", StatusStale, 0},
		{"never stale without cadence", with(twoTargets(t), noCadence), series(t, "2024-07-01", 50), "2024-10-01", StatusOnTrack, 0},
		{"stale after set", with(twoTargets(t), func(i *Indicator) { i.StaleAfter = 4 }), series(t, "2024-07-01", 50), "2024-10-01", StatusOnTrack, 0},
		{"late data judged at its own date", with(twoTargets(t), noCadence), series(t, "2024-04-01", 25), "2024-07-01", StatusOnTrack, 0},
		{"future points ignored", twoTargets(t), series(t, "2024-07-01", 50, "2024-09-01", 1000), "2024-07-15", StatusOnTrack, 0},
		{"achieved", twoTargets(t), series(t, "2024-12-01", 101, "2025-12-01", 205), "2025-12-15", StatusAchieved, 1},
		{"achieved beats stale", twoTargets(t), series(t, "2024-12-01", 101, "2025-06-01", 210), "2026-06-01", StatusAchieved, 1},
		{"achieved then dipped", twoTargets(t), series(t, "2024-12-01", 101, "2025-11-01", 201, "2025-12-01", 190), "2025-12-15", StatusAchieved, 1},
		{"missed", twoTargets(t), series(t, "2024-12-01", 101, "2026-01-01", 150), "2026-01-10", StatusMissed, 1},
		{"missed beats stale", twoTargets(t), series(t, "2024-12-01", 101, "2025-12-01", 150), "2026-06-01", StatusMissed, 1},
		{"reached late is unverified", twoTargets(t), series(t, "2024-12-01", 101, "2026-02-01", 210), "2026-02-10", StatusUnverified, 1},
		{"short late is unverified", twoTargets(t), series(t, "2024-12-01", 101, "2026-02-01", 150), "2026-02-10", StatusUnverified, 1},
		{"short near the deadline is missed", twoTargets(t), series(t, "2024-12-01", 101, "2025-11-15", 150, "2026-02-01", 210), "2026-02-10", StatusMissed, 1},
		{"deadline figure awaited", twoTargets(t), series(t, "2024-12-01", 101, "2025-12-15", 196), "2026-01-20", StatusOnTrack, 1},
		{"next target after achieved", twoTargets(t), series(t, "2024-12-01", 100), "2025-01-15", StatusOnTrack, 1},
		{"next target after missed", twoTargets(t), series(t, "2025-01-01", 90), "2025-01-02", StatusAtRisk, 1},
		{"deadline exactly today, short", twoTargets(t), series(t, "2025-01-01", 95), "2025-01-01", StatusOnTrack, 0},
		{"deadline exactly today, reached", twoTargets(t), series(t, "2025-01-01", 100), "2025-01-01", StatusOnTrack, 1},
		{"single point", twoTargets(t), series(t, "2024-01-15", 3), "2024-01-20", StatusOnTrack, 0},
		{"baseline equal to target, short", keepAt90(t), series(t, "2024-06-01", 88), "2024-06-02", StatusOnTrack, 0},
		{"baseline equal to target, behind", keepAt90(t), series(t, "2024-06-01", 80), "2024-06-02", StatusAtRisk, 0},
		{"baseline equal to target, far behind", keepAt90(t), series(t, "2024-06-01", 70), "2024-06-02", StatusOffTrack, 0},
		{"baseline equal to target, met", keepAt90(t), series(t, "2024-06-01", 90), "2024-06-02", StatusAchieved, 0},
		{"decrease on track", shorterDelay(t), series(t, "2025-01-01", 9), "2025-01-02", StatusOnTrack, 0},
		{"decrease at risk", shorterDelay(t), series(t, "2025-01-01", 9.5), "2025-01-02", StatusAtRisk, 0},
		{"decrease off track", shorterDelay(t), series(t, "2025-01-01", 10), "2025-01-02", StatusOffTrack, 0},
		{"decrease achieved", shorterDelay(t), series(t, "2025-01-01", 5.5), "2025-01-02", StatusAchieved, 0},
		{"decrease missed", shorterDelay(t), series(t, "2026-01-01", 7), "2026-01-02", StatusMissed, 0},
		{"plan flat segment", withShape(t, twoTargets(t), ShapePlan), series(t, "2024-05-15", 9.8), "2024-05-20", StatusOnTrack, 0},
		{"plan flat segment, behind", withShape(t, twoTargets(t), ShapePlan), series(t, "2024-05-15", 4), "2024-05-20", StatusAtRisk, 0},
		{"step waits for the deadline", withShape(t, twoTargets(t), ShapeStep), series(t, "2024-12-01", 1), "2024-12-02", StatusOnTrack, 0},
		{"s-curve", withShape(t, twoTargets(t), ShapeSCurve), series(t, "2024-04-01", 8), "2024-04-02", StatusOnTrack, 0},
		{"milestone in progress", launch(t), series(t, "2024-06-01", 0.2), "2024-06-15", StatusOnTrack, 0},
		{"milestone in its last quarter", launch(t), series(t, "2024-10-15", 0.5), "2024-11-01", StatusAtRisk, 0},
		{"milestone done", launch(t), series(t, "2024-06-01", 0.5, "2024-11-01", 1), "2024-11-02", StatusAchieved, 0},
		{"milestone missed", launch(t), series(t, "2025-01-01", 0.8), "2025-01-05", StatusMissed, 0},
		{"milestone done late", launch(t), series(t, "2024-12-01", 0.8, "2025-02-01", 1), "2025-02-05", StatusMissed, 0},
		{"no target", &Indicator{Baseline: Anchor{Value: 1}}, series(t, "2024-06-01", 5), "2024-06-02", StatusOnTrack, -1},
	}
	for _, c := range cases {
		ev := Evaluate(c.ind, c.pts, date(t, c.now))
		if ev.Status != c.status || ev.Target != c.target {
			t.Errorf("%s: Evaluate(%v at %s) = %s target %d, want %s target %d",
				c.name, c.pts, c.now, ev.Status, ev.Target, c.status, c.target)
		}
	}
}

func TestEvaluateFields(t *testing.T) {
	cases := []struct {
		name                      string
		ind                       *Indicator
		pts                       []Point
		now                       string
		planned, gap, progress, p float64 // NaN: must be NaN
		confidence                Confidence
		done                      bool
	}{
		{"no data", twoTargets(t), nil, "2024-07-01",
			math.NaN(), math.NaN(), math.NaN(), math.NaN(), ConfidenceUnknown, false},
		{"late data judged at its own date", twoTargets(t), series(t, "2024-04-01", 25), "2024-07-01",
			100 * 91.0 / 366, (25 - 100*91.0/366) / 100, 0.25, math.NaN(), ConfidenceInsufficient, false},
		{"gap against the current anchors", twoTargets(t), series(t, "2025-01-01", 90), "2025-01-02",
			100, -0.1, 0.45, math.NaN(), ConfidenceInsufficient, false},
		{"baseline equal to target", keepAt90(t), series(t, "2024-06-01", 81), "2024-06-02",
			90, -0.1, 0, math.NaN(), ConfidenceInsufficient, false},
		{"decrease mirrors the gap", shorterDelay(t), series(t, "2025-01-01", 10), "2025-01-02",
			12 - 6*366.0/731, -(10 - (12 - 6*366.0/731)) / 6, 2.0 / 6, math.NaN(), ConfidenceInsufficient, false},
		{"achieved is certain", twoTargets(t), series(t, "2024-12-01", 101, "2025-12-01", 205), "2025-12-15",
			100 + 100*334.0/365, (205 - (100 + 100*334.0/365)) / 100, 1.025, 1, ConfidenceGreen, false},
		{"missed is lost", launch(t), series(t, "2024-12-01", 0.8, "2025-02-01", 1), "2025-02-05",
			1, 0, 1, 0, ConfidenceRed, true},
		{"milestone done", launch(t), series(t, "2024-11-01", 1), "2024-11-02",
			305.0 / 366, 1 - 305.0/366, 1, 1, ConfidenceGreen, true},
	}
	for _, c := range cases {
		ev := Evaluate(c.ind, c.pts, date(t, c.now))
		got := fmt.Sprintf("planned %.6g gap %.6g progress %.6g probability %.6g %s done %t",
			ev.PlannedAtLatest, ev.Gap, ev.Progress, ev.Probability, ev.Confidence, ev.Done)
		want := fmt.Sprintf("planned %.6g gap %.6g progress %.6g probability %.6g %s done %t",
			c.planned, c.gap, c.progress, c.p, c.confidence, c.done)
		if got != want {
			t.Errorf("%s: Evaluate(%v at %s) = %s, want %s", c.name, c.pts, c.now, got, want)
		}
	}
}

// TestEvaluateLastMissed: a milestone is missed only on evidence — a figure
// short of it within the stale window (60 days here) before its deadline,
// or after it on a series that cannot fall back — and unverified otherwise.
// The first push of a late figure used to call every earlier milestone
// missed, and page for it.
func TestEvaluateLastMissed(t *testing.T) {
	cumulative := func(i *Indicator) { i.Input = inputCumulative }
	monthlyCadence := func(i *Indicator) { i.Cadence = 30 * day }
	cases := []struct {
		name               string
		ind                *Indicator
		pts                []Point
		now                string
		missed, unverified int
		status             Status
	}{
		{"none yet", twoTargets(t), series(t, "2024-07-01", 50), "2024-07-15", -1, -1, StatusOnTrack},
		{"achieved", twoTargets(t), series(t, "2024-12-01", 101), "2025-01-15", -1, -1, StatusOnTrack},
		{"intermediate miss", twoTargets(t), series(t, "2025-01-01", 90, "2025-06-01", 160), "2025-06-02", 0, -1, StatusOnTrack},
		{"final miss", twoTargets(t), series(t, "2024-12-01", 101, "2026-01-01", 150), "2026-01-10", 1, -1, StatusMissed},
		{"both missed", twoTargets(t), series(t, "2025-01-01", 90, "2026-01-01", 150), "2026-01-10", 1, -1, StatusMissed},
		{"within the window before", twoTargets(t), series(t, "2024-11-05", 90, "2025-03-01", 130), "2025-03-02", 0, -1, StatusOnTrack},
		{"just outside the window before", twoTargets(t), series(t, "2024-10-31", 90, "2025-03-01", 130), "2025-03-02", -1, 0, StatusOnTrack},
		{"first figure long after, short", twoTargets(t), series(t, "2025-10-01", 90), "2025-10-02", -1, 0, StatusOffTrack},
		{"first figure long after, short, cumulative", with(twoTargets(t), cumulative), series(t, "2025-10-01", 90), "2025-10-02", 0, -1, StatusOffTrack},
		{"later figure reached, cumulative", with(twoTargets(t), cumulative), series(t, "2025-10-01", 150), "2025-10-02", -1, 0, StatusOffTrack},
		{"later figure short, cumulative", with(twoTargets(t), cumulative), series(t, "2025-10-01", 150, "2026-03-01", 180), "2026-03-02", 1, 0, StatusMissed},
		{"later figure short, cumulative decrease proves nothing", with(shorterDelay(t), cumulative), series(t, "2026-06-01", 8), "2026-06-02", -1, 0, StatusUnverified},
		{"no data, long past", twoTargets(t), nil, "2026-06-01", -1, 1, StatusNoData},
		{"evidence awaited", twoTargets(t), series(t, "2024-06-01", 50), "2025-01-20", -1, -1, StatusStale},
		{"milestone not done after the deadline", launch(t), series(t, "2024-03-01", 0.2, "2025-06-01", 0.5), "2025-06-02", 0, -1, StatusMissed},
		{"milestone done after the deadline", with(launch(t), monthlyCadence), series(t, "2024-03-01", 0.2, "2025-06-01", 1), "2025-06-02", -1, 0, StatusUnverified},
	}
	for _, c := range cases {
		ev := Evaluate(c.ind, c.pts, date(t, c.now))
		if ev.LastMissed != c.missed || ev.LastUnverified != c.unverified || ev.Status != c.status {
			t.Errorf("%s: Evaluate(%v at %s) = missed %d unverified %d %s, want missed %d unverified %d %s",
				c.name, c.pts, c.now, ev.LastMissed, ev.LastUnverified, ev.Status, c.missed, c.unverified, c.status)
		}
	}
}

// TestEvaluateAllocations guards the hot path: one allocation per series
// with data, for what Latest and Forecast point to.
func TestEvaluateAllocations(t *testing.T) {
	pts := monthly(t, 60, noisyLine)
	level, rate, now := twoTargets(t), documentsPerYear(t), date(t, "2029-01-01")
	ahead := with(twoTargets(t), func(i *Indicator) { i.Milestones[1].Deadline = date(t, "2029-06-01") })
	var e Evaluator
	e.Evaluate(rate, pts, now) // grows the buffer of trailing rates once
	cases := []struct {
		name string
		run  func()
	}{
		{"Evaluate", func() { Evaluate(level, pts, now) }},
		{"Evaluator.Evaluate", func() { e.Evaluate(level, pts, now) }},
		{"Evaluator.Evaluate of counts", func() { e.Evaluate(rate, pts, now) }},
		{"Evaluator.Evaluate with a forecast", func() {
			if e.Evaluate(ahead, pts, now).Forecast == nil {
				t.Fatal("Evaluate(deadline ahead) = no forecast, want one")
			}
		}},
		{"Evaluator.Evaluate with no forecast", func() {
			if e.Evaluate(ahead, pts[:2], now).Forecast != nil {
				t.Fatal("Evaluate(2 points) = a forecast, want none")
			}
		}},
	}
	for _, c := range cases {
		if got := testing.AllocsPerRun(100, c.run); got > 1 {
			t.Errorf("%s(60 points) = %v allocations, want at most 1", c.name, got)
		}
	}
}

func TestMilestoneStates(t *testing.T) {
	cases := []struct {
		name string
		pts  []Point
		now  string
		want []MilestoneState
	}{
		{"both pending", series(t, "2024-07-01", 50), "2024-07-15", []MilestoneState{MilestonePending, MilestonePending}},
		{"achieved then pending", series(t, "2024-12-01", 101), "2025-01-15", []MilestoneState{MilestoneAchieved, MilestonePending}},
		{"missed then achieved", series(t, "2025-01-01", 90, "2025-12-01", 201), "2026-01-15", []MilestoneState{MilestoneMissed, MilestoneAchieved}},
		{"unverified then missed", series(t, "2025-10-01", 150, "2026-01-01", 190), "2026-01-15", []MilestoneState{MilestoneUnverified, MilestoneMissed}},
		{"nothing known", nil, "2026-06-01", []MilestoneState{MilestoneUnverified, MilestoneUnverified}},
	}
	for _, c := range cases {
		if got := twoTargets(t).MilestoneStates(c.pts, date(t, c.now)); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: MilestoneStates(%v at %s) = %v, want %v", c.name, c.pts, c.now, got, c.want)
		}
	}
}

// TestForecastAimsAhead: a forecast is never at a passed deadline. While
// the current target's figure is awaited the forecast aims at the next
// milestone; with none ahead there is no forecast. 4-2's page used to show
// a "forecast on 2026-06-30" in December 2026.
func TestForecastAimsAhead(t *testing.T) {
	climbing := series(t, "2025-03-01", 150, "2025-06-01", 170, "2025-09-01", 180, "2025-11-15", 190)
	cases := []struct {
		name   string
		ind    *Indicator
		now    string
		target int
		at     string // "" for no forecast
		reason NoForecastReason
	}{
		{"deadline ahead", twoTargets(t), "2025-11-20", 1, "2026-01-01", ""},
		{"last deadline passed, figure awaited", twoTargets(t), "2026-01-20", 1, "", NoDeadlineAhead},
		{"deadline passed, next one ahead", with(twoTargets(t), func(i *Indicator) {
			i.Milestones = append(i.Milestones, Milestone{Value: ptr(300), Deadline: date(t, "2027-01-01")})
		}), "2026-01-20", 1, "2027-01-01", ""},
	}
	for _, c := range cases {
		ev := Evaluate(c.ind, climbing, date(t, c.now))
		at := ""
		if ev.Forecast != nil {
			at = ev.Forecast.At.Format("2006-01-02")
		}
		if ev.Target != c.target || at != c.at || ev.NoForecast.Reason != c.reason {
			t.Errorf("%s: Evaluate at %s = target %d forecast at %q no forecast %q, want target %d forecast at %q no forecast %q",
				c.name, c.now, ev.Target, at, ev.NoForecast.Reason, c.target, c.at, c.reason)
		}
		if c.at == "" && (!math.IsNaN(ev.Probability) || ev.Confidence != ConfidenceUnknown) {
			t.Errorf("%s: Evaluate at %s = probability %v %s, want NaN and unknown", c.name, c.now, ev.Probability, ev.Confidence)
		}
	}
}

// TestStaleKeepsLastJudgement: a stale series says what its latest figure
// was judged before it went stale, against the plan at that figure's date.
func TestStaleKeepsLastJudgement(t *testing.T) {
	cases := []struct {
		name string
		pts  []Point
		now  string
		want Status
	}{
		{"fresh: nothing kept", series(t, "2024-07-01", 30), "2024-07-15", ""},
		{"stale, was off track", series(t, "2024-07-01", 30), "2024-10-01", StatusOffTrack},
		{"stale, was at risk", series(t, "2024-07-01", 40), "2024-10-01", StatusAtRisk},
		{"stale, was on track", series(t, "2024-07-01", 50), "2024-10-01", StatusOnTrack},
	}
	for _, c := range cases {
		ev := Evaluate(twoTargets(t), c.pts, date(t, c.now))
		if ev.LastJudged != c.want || (c.want != "" && ev.Status != StatusStale) {
			t.Errorf("%s: Evaluate(%v at %s) = %s, last judged %q, want last judged %q", c.name, c.pts, c.now, ev.Status, ev.LastJudged, c.want)
		}
	}
	ev := Evaluate(twoTargets(t), series(t, "2024-07-01", 30), date(t, "2024-10-01"))
	if want := 100 * 182.0 / 366; math.Abs(ev.PlannedAtLatest-want) > 1e-9 {
		t.Errorf("Evaluate(stale).PlannedAtLatest = %v, want %v, the plan at the figure's date", ev.PlannedAtLatest, want)
	}
}
