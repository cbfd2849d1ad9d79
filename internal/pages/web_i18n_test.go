package pages

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// TestFrenchComplete renders every page in French and fails on any message
// the French dictionary lacks.
func TestFrenchComplete(t *testing.T) {
	h := newPagesHarness(t)
	pushCatalogFixture(t, h)
	pushPagesFixture(t, h)
	var mu sync.Mutex
	var missing []string
	p := newPages(h.options(fullOptions()))
	p.missing = func(key string) {
		mu.Lock()
		defer mu.Unlock()
		if !slices.Contains(missing, key) {
			missing = append(missing, key)
		}
	}
	paths := []string{"/", "/?status=off_track&axis=2", "/alerts", "/pullers", "/nowhere", "/indicators/nowhere"}
	for _, o := range h.eval.Catalog().Objectives {
		paths = append(paths, "/objectives/"+o.ID)
		for _, ind := range o.Indicators {
			paths = append(paths, "/indicators/"+ind.ID)
		}
	}
	mux := p.handler()
	for _, path := range paths {
		page(t, mux, path, "Accept-Language", "fr-FR,fr;q=0.9")
	}
	for _, m := range missing {
		t.Errorf("no French for %q", m)
	}
}

// fullOptions lists alerts and pullers in every state, shown in the
// Europe/Paris zone.
func fullOptions() Options {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err) // Go's own zone database is embedded in every toolchain
	}
	return Options{
		Timezone: paris,
		Alerts: func(indicators.Lang) []AlertView {
			return []AlertView{
				{Name: "JalonIndicatorOffTrack", Indicator: ind11, Severity: "warning", State: "firing",
					Since: testNow.Add(-48 * time.Hour), Summary: "Documents fed are behind plan"},
				{Name: "JalonIndicatorAtRisk", Indicator: indRegion, Labels: map[string]string{"region": "84"}, Severity: "info",
					State: "pending", Since: testNow.Add(-time.Hour), Summary: "At risk in a region"},
				{Name: "JalonIndicatorStale", Indicator: ind11, Severity: "info", State: "resolved",
					Since: testNow.Add(-900 * time.Hour), Resolved: testNow.Add(-500 * time.Hour), Summary: "No figure for 70 days"},
			}
		},
		Pullers: func() []PullerView {
			return []PullerView{
				{Name: "cnam-mes", Kind: "http_json", Target: "https://data.example/mes.json", Indicators: []string{ind11},
					Schedule: "24h", LastRun: testNow.Add(-time.Hour), LastSuccess: testNow.Add(-time.Hour),
					LastDuration: 1234 * time.Millisecond, LastPoints: 3, NextRun: testNow.Add(23 * time.Hour)},
				{Name: "drees-share", Kind: "csv", Target: "/data/drees.csv", Indicators: []string{indPercent},
					Schedule: "0 6 * * 1", LastRun: testNow.Add(-2 * time.Hour), LastError: "GET https://drees.example/x.csv: 503 Service Unavailable",
					NextRun: testNow.Add(70 * time.Hour)},
				{Name: "ars-regions", Kind: "csv", Target: "/data/ars.csv", Indicators: []string{indRegion}, Schedule: "168h"},
			}
		},
	}
}
