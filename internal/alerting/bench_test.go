package alerting

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// benchSnapshot has 100 indicators of 1000 regional series each: a fifth
// off track, a fifth at risk, a fifth forecast to miss, a fifth stale, a
// fifth on track; every one with a missed intermediate deadline every
// tenth series.
func benchSnapshot(now time.Time) *evaluator.Snapshot {
	c := &indicators.Catalog{Axes: []indicators.Axis{{ID: 1, Name: "Prévention"}}}
	var results []evaluator.Result
	for i := range 100 {
		id := fmt.Sprintf("ind_%03d", i)
		obj := fmt.Sprintf("%d-%d", i/10+1, i%10+1)
		ind := testCatalog().Objectives[0].Indicators[0]
		ind.ID, ind.Objective, ind.Dimensions = id, obj, []string{"region"}
		c.Objectives = append(c.Objectives, indicators.Objective{ID: obj, Axis: 1, Owners: []string{"CNAM"}, Indicators: []indicators.Indicator{ind}})
		for j := range 1000 {
			e := evalDocs(now, []indicators.Status{indicators.StatusOffTrack, indicators.StatusAtRisk,
				indicators.StatusOnTrack, indicators.StatusStale, indicators.StatusOnTrack}[j%5])
			if j%5 == 2 {
				e.Probability = 0.1
			}
			if j%10 != 0 {
				e.LastMissed, e.LastUnverified = -1, -1
			}
			results = append(results, evaluator.Result{Series: evaluator.Series{Indicator: id, Objective: obj,
				Labels: indicators.Labels{{Name: "region", Value: fmt.Sprintf("%05d", j)}}}, Eval: e})
		}
	}
	return &evaluator.Snapshot{Generation: 1, At: now, Catalog: c, Results: results}
}

// BenchmarkEvaluate100k is one alerting cycle over 100 000 series in the
// steady state: 90 000 alerts firing, their state recorded, nothing new.
func BenchmarkEvaluate100k(b *testing.B) {
	s := benchSnapshot(t0)
	clk := &clock{t: t0}
	cfg := config.Alerting{ExternalURL: "http://jalon.test"}
	m, err := New(Options{Store: openStore(b, ""), Config: cfg, Now: clk.Now, Registerer: prometheus.NewRegistry(),
		Snapshot: func() *evaluator.Snapshot { return s }})
	if err != nil {
		b.Fatal(err)
	}
	for _, at := range []time.Duration{0, 2 * time.Hour} { // pending, then firing
		clk.Set(t0.Add(at))
		if err := m.evaluate(s); err != nil {
			b.Fatal(err)
		}
	}
	if n := len(m.Alerts()); n != 90000 {
		b.Fatalf("%d alerts, want 90000", n)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		clk.Set(t0.Add(2*time.Hour + time.Duration(i)*time.Minute))
		if err := m.evaluate(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRules100k is the rules alone over 100 000 series.
func BenchmarkRules100k(b *testing.B) {
	s := benchSnapshot(t0)
	rs := newRuleset(s.Catalog, &config.Alerting{})
	n := 0
	for b.Loop() {
		n = 0
		rs.eval(s, nil, nil, func(*candidate) { n++ })
	}
	if n != 90000 {
		b.Fatalf("%d candidates, want 90000", n)
	}
}

// BenchmarkFire100k is the heaviest cycle: 90 000 alerts fire at once and
// their states are written in one transaction.
func BenchmarkFire100k(b *testing.B) {
	s := benchSnapshot(t0)
	for b.Loop() {
		b.StopTimer()
		clk := &clock{t: t0}
		m, err := New(Options{Store: openStore(b, ""), Config: config.Alerting{ExternalURL: "http://jalon.test"}, Now: clk.Now,
			Registerer: prometheus.NewRegistry(), Snapshot: func() *evaluator.Snapshot { return s }})
		if err != nil {
			b.Fatal(err)
		}
		if err := m.evaluate(s); err != nil {
			b.Fatal(err)
		}
		clk.Set(t0.Add(2 * time.Hour))
		b.StartTimer()
		if err := m.evaluate(s); err != nil {
			b.Fatal(err)
		}
	}
}
