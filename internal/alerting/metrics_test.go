package alerting

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// TestAlertsMetric checks jalon_alerts, whose series carry each alert's own
// label set, as Prometheus' ALERTS does.
func TestAlertsMetric(t *testing.T) {
	reg := prometheus.NewRegistry()
	cfg := offTrackOnly()
	cfg.Rules[rulename.PullerFailing] = config.AlertSettings{For: ptr(time.Hour)}
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

// TestAlertsMetricSharedPairs checks that alerts, which share the label
// pairs they have in common, each export their own labels, also past the
// number of values of a label that are shared, and that resolved alerts
// are left out.
func TestAlertsMetricSharedPairs(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := New(Options{Store: openStore(t, ""), Config: offTrackOnly(), Now: (&clock{t: t0}).Now, Registerer: reg,
		Snapshot: func() *evaluator.Snapshot { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	add := func(state State, ls ...string) {
		var labels Labels
		for i := 0; i < len(ls); i += 2 {
			labels = append(labels, indicators.Label{Name: ls[i], Value: ls[i+1]})
		}
		m.alerts[fingerprint(labels)] = &alert{fp: fingerprint(labels), labels: labelParts{own: labels}, state: state}
	}
	add(StateFiring, "alertname", "A", "region", "84")
	add(StatePending, "alertname", "A", "region", "13")
	add(StateResolved, "alertname", "A", "region", "06")
	add(StateFiring, "alertname", "B", "puller", "p")
	add(StateFiring, "alertname", "A", "region", "2A")
	add(StatePending, "a", "x", "alertname", "A")
	want := `
# HELP jalon_alerts Jalon's pending and firing alerts, 1 per alert with its labels.
# TYPE jalon_alerts gauge
jalon_alerts{a="x",alertname="A",alertstate="pending"} 1
jalon_alerts{alertname="A",alertstate="firing",region="2A"} 1
jalon_alerts{alertname="A",alertstate="firing",region="84"} 1
jalon_alerts{alertname="A",alertstate="pending",region="13"} 1
jalon_alerts{alertname="B",alertstate="firing",puller="p"} 1
`
	for i := range 2 * maxSharedValues {
		site := fmt.Sprintf("%03d", i)
		add(StateFiring, "alertname", "C", "site", site)
		want += `jalon_alerts{alertname="C",alertstate="firing",site="` + site + `"} 1` + "\n"
	}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "jalon_alerts"); err != nil {
		t.Error(err)
	}
}
