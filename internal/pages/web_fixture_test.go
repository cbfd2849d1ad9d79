package pages

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// catalogFixture is a history for every indicator of the catalog: monthly
// points along each plan, scaled so that the statuses vary (on plan,
// behind, far behind, ahead, no data, stale), national and, for indicators
// with a region dimension, three regions.
func catalogFixture(c *indicators.Catalog, now time.Time) []map[string]any {
	var out []map[string]any
	n := 0
	for oi := range c.Objectives {
		for ii := range c.Objectives[oi].Indicators {
			ind := &c.Objectives[oi].Indicators[ii]
			out = append(out, indicatorFixture(ind, n%6, now)...)
			n++
		}
	}
	return out
}

func indicatorFixture(ind *indicators.Indicator, behaviour int, now time.Time) []map[string]any {
	factor := []float64{1.01, 0.93, 0.6, 1.1, 0, 0.97}[behaviour]
	end := now.AddDate(0, -1, 0)
	switch behaviour {
	case 4:
		return nil // no data
	case 5:
		end = now.AddDate(-1, -6, 0) // stale
	}
	var out []map[string]any
	start := time.Date(2023, 1, 31, 0, 0, 0, 0, time.UTC)
	for t := start; !t.After(end); t = t.AddDate(0, 1, 0) {
		v := fixtureValue(ind, t, factor)
		out = append(out, map[string]any{"indicator": ind.ID, "time": t.Format(time.DateOnly), "value": v})
		if len(ind.Dimensions) == 0 || ind.Dimensions[0] != "region" {
			continue
		}
		for i, region := range []string{"11", "84", "93"} {
			rv := v * []float64{0.95, 1.0, 1.05}[i]
			if ind.Additive() {
				rv = math.Round(v / 10)
			}
			out = append(out, map[string]any{"indicator": ind.ID, "time": t.Format(time.DateOnly),
				"labels": map[string]string{"region": region}, "value": clampValue(ind, rv)})
		}
	}
	return out
}

func fixtureValue(ind *indicators.Indicator, t time.Time, factor float64) float64 {
	v := ind.Planned(t) * factor
	if ind.Kind == indicators.KindRate && ind.Input == indicators.InputCount {
		v = math.Round(v * float64(countPeriodOf(ind)) / float64(365*24*time.Hour))
	}
	return clampValue(ind, v)
}

func clampValue(ind *indicators.Indicator, v float64) float64 {
	v = math.Max(v, 0)
	switch {
	case ind.Kind == indicators.KindMilestone || ind.Unit == "ratio":
		v = math.Min(v, 1)
	case ind.Unit == "percent":
		v = math.Min(v, 100)
	}
	return math.Round(v*1000) / 1000
}

// pushCatalogFixture pushes catalogFixture through the push API.
func pushCatalogFixture(t testing.TB, h *harness) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"measurements": catalogFixture(h.eval.Catalog(), testNow)})
	if err != nil {
		t.Fatal(err)
	}
	if w := h.push(t, string(body)); w.Code != 200 {
		t.Fatalf("push catalog fixture = %d %s", w.Code, w.Body)
	}
	h.refresh(t)
}
