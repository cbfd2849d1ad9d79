package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/wire"
)

const indLaunch = "mes_prescription_messaging_launch" // 1-2, a done/not-done milestone

func planDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func getPlan(t *testing.T, h *harness, query string) wire.Plan {
	t.Helper()
	w := h.do(t, "GET", "/api/v1/indicators/"+query, "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s = %d %s, want 200", query, w.Code, w.Body)
	}
	return decodeBody[wire.Plan](t, w)
}

// TestPlanPath checks the default answer for 1-1: the plan from the baseline
// to the last deadline, weekly and through every anchor, the forecast from
// the latest point to the current target's deadline, and the milestones.
func TestPlanPath(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	// The fixture's six months are too short a span for a forecast 21
	// months ahead (docs/trajectory.md §5): nine earlier months make it
	// fourteen.
	var earlier []string
	for m := time.January; m <= time.September; m++ {
		end := time.Date(2024, m+1, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		earlier = append(earlier, `{"indicator":"`+ind11+`","time":"`+end+`","value":1.9e7}`)
	}
	if w := h.push(t, item(strings.Join(earlier, ","))); w.Code != 200 {
		t.Fatalf("push earlier months = %d %s", w.Code, w.Body)
	}
	h.refresh(t)
	got := getPlan(t, h, ind11+"/plan")
	def, _, _ := h.eval.Snapshot().Catalog.Indicator(ind11)

	if got.StepSeconds != defaultPlanStep.Seconds() {
		t.Errorf("step_seconds = %v, want %v", got.StepSeconds, defaultPlanStep.Seconds())
	}
	p := got.Planned
	if len(p) < 200 || !p[0].Time.Equal(planDay("2023-01-01")) || !p[len(p)-1].Time.Equal(planDay("2026-12-31")) {
		t.Fatalf("planned = %d rows from %v to %v, want weekly rows from 2023-01-01 to 2026-12-31", len(p), p[0].Time, p[len(p)-1].Time)
	}
	anchors := map[time.Time]bool{planDay("2023-12-31"): false, planDay("2026-12-31"): false}
	for i, r := range p {
		if want := def.Planned(r.Time); r.Value != want {
			t.Errorf("planned[%d] at %v = %v, want %v", i, r.Time, r.Value, want)
		}
		if gap := r.Time.Sub(p[max(i-1, 0)].Time); i > 0 && (gap <= 0 || gap > defaultPlanStep) {
			t.Errorf("planned[%d] is %v after the previous row, want (0, 1 week]", i, gap)
		}
		if _, ok := anchors[r.Time]; ok {
			anchors[r.Time] = true
		}
	}
	for d, seen := range anchors {
		if !seen {
			t.Errorf("planned has no row at deadline %v", d)
		}
	}

	f := got.Forecast
	if len(f) != 2 || !f[0].Time.Equal(planDay("2025-03-31")) || !f[1].Time.Equal(planDay("2026-12-31")) {
		t.Fatalf("forecast = %+v, want 2 rows from the latest point (2025-03-31) to 2026-12-31", f)
	}
	if f[0].Low != f[0].Value || f[0].High != f[0].Value || f[1].Low > f[1].Value || f[1].High < f[1].Value {
		t.Errorf("forecast = %+v, want a cone opening from the latest point", f)
	}

	m := got.Milestones
	if len(m) != 2 || m[0].Deadline != "2023-12-31" || m[0].DeadlineText != "fin 2023" || m[0].Value != 250e6 || !m[1].Quantified {
		t.Errorf("milestones = %+v, want 250e6 by fin 2023 and 400e6 by fin 2026", m)
	}
	a := got.Annotations
	if len(a) != 2 || a[1].Title != ind11+": 400000000 documents by fin 2026" || !a[1].Time.Equal(planDay("2026-12-31")) || a[1].Tags != "jalon,milestone,1-1" {
		t.Errorf("annotations = %+v, want one per milestone", a)
	}
}

func TestPlanQuery(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	tests := []struct {
		name, query      string
		first, last      string // dates of the first and last planned rows; "" for none
		minRows, maxRows int
		step             time.Duration
		milestones       int
	}{
		{"window", ind11 + "/plan?from=2025-01-01&to=2025-06-30", "2025-01-01", "2025-06-30", 26, 27, defaultPlanStep, 2},
		{"grafana times", ind11 + "/plan?from=2025-01-01T00:00:00.000Z&to=2025-06-30T00:00:00.000Z", "2025-01-01", "2025-06-30", 26, 27, defaultPlanStep, 2},
		{"daily", ind11 + "/plan?step=1d", "2023-01-01", "2026-12-31", 1461, 1461, 24 * time.Hour, 2},
		{"seconds", ind11 + "/plan?step=86400&from=2026-01-01", "2026-01-01", "2026-12-31", 365, 365, 24 * time.Hour, 2},
		{"capped", ind11 + "/plan?step=1h", "2023-01-01", "2026-12-31", maxPlanRows - 10, maxPlanRows, 0, 2},
		{"before the baseline", ind11 + "/plan?from=2020-01-01&to=2021-01-01", "", "", 0, 0, defaultPlanStep, 2},
		{"national by label", ind11 + "/plan?labels=region=&from=2026-12-01", "2026-12-01", "2026-12-31", 6, 6, defaultPlanStep, 2},
		{"regional part", indRegion + "/plan?labels=region=84", "", "", 0, 0, defaultPlanStep, 0},
		{"one milestone", indPercent + "/plan?to=2023-06-30", "2023-01-01", "2023-06-30", 26, 27, defaultPlanStep, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := getPlan(t, h, tt.query)
			p := got.Planned
			if len(p) < tt.minRows || len(p) > tt.maxRows {
				t.Fatalf("GET %s = %d planned rows, want %d to %d", tt.query, len(p), tt.minRows, tt.maxRows)
			}
			if len(p) > 0 && (!p[0].Time.Equal(planDay(tt.first)) || !p[len(p)-1].Time.Equal(planDay(tt.last))) {
				t.Errorf("GET %s = rows from %v to %v, want %s to %s", tt.query, p[0].Time, p[len(p)-1].Time, tt.first, tt.last)
			}
			if tt.step > 0 && got.StepSeconds != tt.step.Seconds() {
				t.Errorf("GET %s step_seconds = %v, want %v", tt.query, got.StepSeconds, tt.step.Seconds())
			}
			if len(got.Milestones) != tt.milestones || len(got.Annotations) != tt.milestones {
				t.Errorf("GET %s = %d milestones, %d annotations, want %d", tt.query, len(got.Milestones), len(got.Annotations), tt.milestones)
			}
		})
	}
}

func TestPlanMilestoneIndicator(t *testing.T) {
	h := newHarness(t)
	got := getPlan(t, h, indLaunch+"/plan")
	if got.Status != "no_data" || len(got.Forecast) != 0 || got.Probability != nil {
		t.Errorf("plan without data = status %s, forecast %v, probability %v; want no_data and none", got.Status, got.Forecast, got.Probability)
	}
	if len(got.Annotations) == 0 || !strings.Contains(got.Annotations[0].Title, ": done by ") {
		t.Errorf("annotations = %+v, want \"done by\" titles", got.Annotations)
	}
	for _, m := range got.Milestones {
		if m.Quantified || m.Value != 1 {
			t.Errorf("milestone = %+v, want value 1, not quantified", m)
		}
	}
}

func TestPlanRefused(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	tests := []struct {
		name, query string
		code        int
		want        string
	}{
		{"unknown indicator", "nope/plan", 404, "not in the catalog"},
		{"unknown series", indRegion + "/plan?labels=region=93", 404, `no series {region=\"93\"}`},
		{"no national series", indRegion + "/plan", 404, "no series {}"},
		{"bad step", ind11 + "/plan?step=soon", 400, "step"},
		{"zero step", ind11 + "/plan?step=0", 400, "step"},
		{"negative step", ind11 + "/plan?step=-3600", 400, "step"},
		{"overflowing step", ind11 + "/plan?step=1e20", 400, "step"},
		{"NaN step", ind11 + "/plan?step=NaN", 400, "step"},
		{"bad from", ind11 + "/plan?from=yesterday", 400, "from"},
		{"from after to", ind11 + "/plan?from=2026-01-01&to=2025-01-01", 400, "is after to"},
		{"bad labels", ind11 + "/plan?labels=region", 400, "labels"},
		{"step twice", ind11 + "/plan?step=1d&step=1w", 400, "step: given 2 times"},
		{"not a dimension", indRegion + "/plan?labels=city=lyon", 400, "labels: city is not a dimension of " + indRegion + " (dimensions: region)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := h.do(t, "GET", "/api/v1/indicators/"+tt.query, "", "")
			if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("GET %s = %d %s, want %d and %q", tt.query, w.Code, w.Body, tt.code, tt.want)
			}
		})
	}
}

func TestPlanNeedsReadScope(t *testing.T) {
	h := newHarness(t, config.Token{Name: "grafana", Hash: config.HashToken("grafana-secret"), Scopes: []config.Scope{config.ScopeRead}})
	path := "/api/v1/indicators/" + ind11 + "/plan"
	if w := h.do(t, "GET", path, "", ""); w.Code != http.StatusUnauthorized {
		t.Errorf("GET plan without token = %d, want 401", w.Code)
	}
	if w := h.do(t, "GET", path, "", "", "Authorization", "Bearer grafana-secret"); w.Code != http.StatusOK {
		t.Errorf("GET plan with read token = %d %s, want 200", w.Code, w.Body)
	}
}
