package remotewrite

import (
	"cmp"
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/model"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/testpeer"
)

// prometheusConfig lets the TSDB take samples up to ten years older than
// its newest one (Prometheus ≥ 2.39; docs/operations.md).
const prometheusConfig = `storage:
  tsdb:
    out_of_order_time_window: 10y
`

// TestRemoteWritePrometheus sends points dated months in the past to a real
// Prometheus and finds each one by querying at its own timestamp.
func TestRemoteWritePrometheus(t *testing.T) {
	base, _ := testpeer.StartPrometheus(t, prometheusConfig, "--web.enable-remote-write-receiver")
	s, err := New(Options{Config: config.RemoteWrite{URL: base + "/api/v1/write", BatchSize: 2},
		Registerer: prometheus.NewRegistry(), MinBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()

	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, -6, 0)
	points := []indicators.Measurement{ // newest first: the older ones arrive out of order
		{Indicator: "docs", Time: day.AddDate(0, 3, 0), Value: 2.6e7},
		{Indicator: "docs", Time: day, Value: 2.4e7},
		{Indicator: "docs", Time: day.AddDate(0, 1, 0), Value: 2.5e7},
		{Indicator: "share", Labels: indicators.Labels{{Name: "region", Value: "84"}}, Time: day.AddDate(0, 2, 0), Value: 41.5},
	}
	s.Enqueue(points, objectiveOf)
	sent := s.metrics.samples.WithLabelValues("sent")
	testpeer.Eventually(t, 10*time.Second, "4 samples sent", func() bool { return testutil.ToFloat64(sent) == 4 })

	c, err := api.NewClient(api.Config{Address: base})
	if err != nil {
		t.Fatal(err)
	}
	papi := v1.NewAPI(c)
	for _, p := range points {
		query := `jalon_indicator_value{indicator="` + p.Indicator + `"}`
		var (
			v    model.Value
			vec  model.Vector
			ok   bool
			qerr error
		)
		// Samples written out of order may take a moment to be queryable
		// on a loaded machine.
		err := testpeer.Poll(30*time.Second, func() (bool, error) {
			qctx, qcancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer qcancel()
			v, _, _, qerr = papi.Query(qctx, query, p.Time)
			vec, ok = v.(model.Vector)
			return qerr == nil && ok && len(vec) == 1, nil
		})
		if err != nil {
			t.Errorf("query %s at %s = %v, %v; want one sample", query, p.Time.Format(time.DateOnly), v, cmp.Or(qerr, err))
			continue
		}
		got := vec[0]
		wantObjective := objectiveOf(p.Indicator)
		if float64(got.Value) != p.Value || got.Metric["objective"] != model.LabelValue(wantObjective) ||
			got.Metric["region"] != model.LabelValue(p.Labels.Get("region")) {
			t.Errorf("query %s at %s = %v, want %g with objective %s", query, p.Time.Format(time.DateOnly), got, p.Value, wantObjective)
		}
	}
}
