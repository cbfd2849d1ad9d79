package alerting

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/internal/evaluator"
)

// TestGeneratorURLsArePages checks that the link Alertmanager shows with an
// alert opens a page a person reads: the indicator's page for a series,
// the pullers' page for a puller, never the JSON API.
func TestGeneratorURLsArePages(t *testing.T) {
	cfg := offTrackOnly()
	cfg.ExternalURL = "https://jalon.example.org"
	m, err := New(Options{Store: openStore(t, ""), Config: cfg, Now: (&clock{t: t0}).Now, Registerer: prometheus.NewRegistry(),
		Snapshot: func() *evaluator.Snapshot { return nil },
		Pullers:  func() []PullerState { return []PullerState{{Name: "cnam-csv", ConsecutiveFailures: 4}} }})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.evaluate(docsSnapshot(1, t0, true)); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"JalonTrajectoryOffTrack": "https://jalon.example.org/indicators/docs",
		"JalonPullerFailing":      "https://jalon.example.org/pullers",
	}
	alerts := m.Alerts()
	if len(alerts) != len(want) {
		t.Fatalf("Alerts() = %d alerts, want %d", len(alerts), len(want))
	}
	for _, a := range alerts {
		if name := a.Labels.Get("alertname"); a.GeneratorURL != want[name] {
			t.Errorf("%s generatorURL = %q, want %q", name, a.GeneratorURL, want[name])
		}
	}
}
