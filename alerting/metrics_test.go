package alerting

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/jalonhq/jalon/config"
	"github.com/jalonhq/jalon/evaluator"
)

// TestAlertsMetric checks jalon_alerts, whose series carry each alert's own
// label set, as Prometheus' ALERTS does.
func TestAlertsMetric(t *testing.T) {
	reg := prometheus.NewRegistry()
	cfg := offTrackOnly()
	cfg.Rules[config.RulePullerFailing] = config.AlertSettings{For: ptr(time.Hour)}
	m, err := New(Options{Store: openStore(t, ""), Config: cfg, Now: (&clock{t: t0}).Now, Registerer: reg,
		Snapshot: func() *evaluator.Snapshot { return nil },
		Pullers: func() []PullerState {
			return []PullerState{{Name: "cnam-csv", ConsecutiveFailures: 4, LastError: "HTTP 503"}}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.evaluate(docsSnapshot(1, t0, true)); err != nil {
		t.Fatal(err)
	}
	want := `
# HELP jalon_alerts Jalon's pending and firing alerts, 1 per alert with its labels.
# TYPE jalon_alerts gauge
jalon_alerts{alertname="JalonPullerFailing",alertstate="pending",puller="cnam-csv",severity="warning"} 1
jalon_alerts{alertname="JalonTrajectoryOffTrack",alertstate="firing",axis="Prévention",indicator="docs",objective="1-1",owner="CNAM",severity="critical"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "jalon_alerts"); err != nil {
		t.Error(err)
	}
	if lint, err := testutil.GatherAndLint(reg); err != nil || len(lint) > 0 {
		t.Errorf("GatherAndLint = %v, %v", lint, err)
	}
}
