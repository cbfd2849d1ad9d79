package wire

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

func TestFromCatalogJSON(t *testing.T) {
	v := 250e6
	day := func(s string) time.Time { d, _ := time.Parse(dateLayout, s); return d }
	cat := &indicators.Catalog{
		Axes:       []indicators.Axis{{ID: 1, Name: "Prévention"}},
		Priorities: []indicators.Priority{{ID: 1, Axis: 1}},
		Objectives: []indicators.Objective{
			{ID: "1-1", Axis: 1, Priority: 1, Title: "Alimentation", Owners: []string{"DNS", "CNAM"}, TargetText: "250 M",
				Indicators: []indicators.Indicator{
					{ID: "docs", Name: "Documents", Kind: indicators.KindRate, Unit: "per_year", Direction: indicators.Increase,
						Baseline:   indicators.Anchor{Value: 12e6, Date: day("2022-12-31")},
						Milestones: []indicators.Milestone{{Value: &v, Deadline: day("2023-12-31"), DeadlineText: "fin 2023"}}},
					{ID: "guide", Name: "Guide", Kind: indicators.KindMilestone, Unit: "done", Direction: indicators.Increase,
						Baseline:   indicators.Anchor{Date: day("2023-01-01")},
						Milestones: []indicators.Milestone{{Deadline: day("2024-06-30")}}},
				}},
			{ID: "9-9", Priority: 9, Title: "Orphan"},
		},
	}
	tests := []struct {
		name string
		got  any
		want string
	}{
		{"quantified indicator", FromCatalog(cat).Objectives[0].Indicators[0],
			`{"id":"docs","name":"Documents","kind":"rate","unit":"per_year","direction":"increase","baseline":{"value":12000000,"date":"2022-12-31"},"milestones":[{"value":250000000,"deadline":"2023-12-31","deadline_text":"fin 2023"}],"shape":"","stale_after":0,"tolerance":{"at_risk":0,"off_track":0},"dimensions":[]}`},
		{"pure milestone has a null value", FromCatalog(cat).Objectives[0].Indicators[1].Milestones,
			`[{"value":null,"deadline":"2024-06-30","deadline_text":""}]`},
		{"objective with unknown axis and no lists", FromCatalog(cat).Objectives[1],
			`{"id":"9-9","axis":"","priority":9,"title":"Orphan","owners":[],"target_text":"","indicators":[]}`},
		{"empty catalog", FromCatalog(&indicators.Catalog{}), `{"objectives":[]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.got)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("json.Marshal(FromCatalog()) =\n%s\nwant\n%s", b, tc.want)
			}
		})
	}
}

// TestDefinitionJSON: the whole definition is in the indicator's JSON, so
// that an operator can tell what to push (issue 11: input and period were
// absent, and a yearly total was read as a 30-day count).
func TestDefinitionJSON(t *testing.T) {
	ind := indicators.Indicator{ID: "docs", Kind: indicators.KindRate, Unit: "per_year", UnitLabel: "documents",
		Input: indicators.InputCount, Period: 30 * 24 * time.Hour, Shape: indicators.ShapeLinear, Cadence: 36 * time.Hour,
		StaleAfter: 2, Tolerance: indicators.Tolerance{AtRisk: 0.05, OffTrack: 0.15}, Dimensions: []string{"region"},
		Source: "CNAM", Notes: "monthly counts"}
	b, err := json.Marshal(FromIndicator(ind).Definition)
	want := `{"unit_label":"documents","input":"count","period":"30d","shape":"linear","cadence":"36h0m0s","stale_after":2,` +
		`"tolerance":{"at_risk":0.05,"off_track":0.15},"dimensions":["region"],"source":"CNAM","notes":"monthly counts"}`
	if err != nil || string(b) != want {
		t.Errorf("json.Marshal(FromIndicator().Definition) =\n%s, %v\nwant\n%s", b, err, want)
	}
}

func TestNumber(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := Number(v); got != nil {
			t.Errorf("Number(%v) = %v, want nil (JSON null)", v, *got)
		}
	}
	for _, v := range []float64{0, -1.5, math.MaxFloat64} {
		if got := Number(v); got == nil || *got != v {
			t.Errorf("Number(%v) = %v, want a pointer to it", v, got)
		}
	}
}
