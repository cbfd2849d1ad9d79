package indicators

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// validDef is a valid level indicator: a count from 10 to 50 then 100.
func validDef(t testing.TB) Indicator {
	return Indicator{ID: "docs", Name: "Documents", Kind: KindLevel, Unit: "count", Direction: Increase, Shape: ShapeLinear,
		Baseline: Anchor{Value: 10, Date: date(t, "2023-01-01")},
		Milestones: []Milestone{
			{Value: ptr(50), Deadline: date(t, "2024-12-31")},
			{Value: ptr(100), Deadline: date(t, "2026-12-31")},
		},
		Tolerance: DefaultTolerance}
}

func TestValidate(t *testing.T) {
	d := func(s string) time.Time { return date(t, s) }
	cases := []struct {
		name   string
		change func(*Indicator)
		want   []FieldError
	}{
		{"valid", func(*Indicator) {}, nil},
		{"valid decrease below zero", func(ind *Indicator) {
			ind.Unit, ind.Direction = "months", Decrease
			ind.Milestones[0].Value, ind.Milestones[1].Value = ptr(5), ptr(-2)
		}, nil},
		{"valid milestone kind", func(ind *Indicator) {
			ind.Kind, ind.Unit, ind.Baseline.Value = KindMilestone, "done", 0
			ind.Milestones[0].Value, ind.Milestones[1].Value = nil, nil
		}, nil},
		{"valid plan", func(ind *Indicator) {
			ind.Shape, ind.Plan = ShapePlan, []Anchor{{Value: 20, Date: d("2023-06-30")}, {Value: 70, Date: d("2026-06-30")}}
		}, nil},
		{"valid count-input rate", func(ind *Indicator) {
			ind.Kind, ind.Unit, ind.Input, ind.Period = KindRate, "per_year", InputCount, 30*24*time.Hour
		}, nil},
		{"empty name", func(ind *Indicator) { ind.Name = " " }, []FieldError{{"name", "must not be empty"}}},
		{"unknown classes", func(ind *Indicator) {
			ind.Kind, ind.Unit, ind.Direction, ind.Shape = "gauge", "kg", "up", "curve"
		}, []FieldError{
			{"kind", `unknown kind "gauge" (one of level, rate, milestone)`},
			{"unit", `unknown unit "kg" (one of count, days, done, euros, months, per_year, percent, ratio)`},
			{"direction", `unknown direction "up" (one of increase, decrease)`},
			{"shape", `unknown shape "curve" (one of linear, s-curve, step, plan)`},
		}},
		{"missing kind", func(ind *Indicator) { ind.Kind = "" },
			[]FieldError{{"kind", "required (one of level, rate, milestone)"}}},
		{"unknown input of a rate", func(ind *Indicator) { ind.Kind, ind.Unit, ind.Input = KindRate, "per_year", "sum" },
			[]FieldError{{"input", `unknown input "sum" (one of rate, count, cumulative)`}}},
		{"input and period of a level", func(ind *Indicator) { ind.Input, ind.Period = InputRate, time.Hour },
			[]FieldError{{"input", `applies only to kind = "rate", or "cumulative" to kind = "level" (a running total that cannot fall)`}, {"period", `applies only to kind = "rate" with input = "count"`}}},
		{"period of a rate input", func(ind *Indicator) {
			ind.Kind, ind.Unit, ind.Input, ind.Period = KindRate, "per_year", InputRate, time.Hour
		},
			[]FieldError{{"period", `applies only to input = "count"`}}},
		{"milestone kind with a unit and a value", func(ind *Indicator) {
			ind.Kind, ind.Milestones[1].Value = KindMilestone, nil
			ind.Milestones[0].Value = ptr(1)
			ind.Baseline.Value = 0
		}, []FieldError{
			{"unit", `must be "done" for kind = "milestone", not "count"`},
			{"milestone[0].value", `a milestone of kind = "milestone" takes no value`},
		}},
		{"level without value", func(ind *Indicator) { ind.Milestones[1].Value = nil },
			[]FieldError{{"milestone[1].value", `required for kind = "level"`}}},
		{"no milestone", func(ind *Indicator) { ind.Milestones = nil },
			[]FieldError{{"milestone", "an indicator needs at least one milestone"}}},
		{"deadlines out of order", func(ind *Indicator) { ind.Milestones[1].Deadline = d("2024-06-30") }, []FieldError{
			{"milestone[1].deadline", "2024-06-30 is not after the previous deadline 2024-12-31"},
		}},
		{"equal deadlines", func(ind *Indicator) { ind.Milestones[1].Deadline = d("2024-12-31") }, []FieldError{
			{"milestone[1].deadline", "2024-12-31 is not after the previous deadline 2024-12-31"},
		}},
		{"missing deadline", func(ind *Indicator) { ind.Milestones[0].Deadline = time.Time{} },
			[]FieldError{{"milestone[0].deadline", "required"}}},
		{"baseline on the first deadline", func(ind *Indicator) { ind.Baseline.Date = d("2024-12-31") }, []FieldError{
			{"baseline.date", "2024-12-31 is not before the first deadline 2024-12-31"},
		}},
		{"missing baseline date", func(ind *Indicator) { ind.Baseline.Date = time.Time{} },
			[]FieldError{{"baseline.date", "required"}}},
		{"target below the previous anchor", func(ind *Indicator) { ind.Milestones[1].Value = ptr(40) }, []FieldError{
			{"milestone[1].value", `40 is below the previous anchor 50, against direction "increase"`},
		}},
		{"decrease target above the baseline", func(ind *Indicator) { ind.Direction = Decrease }, []FieldError{
			{"milestone[0].value", `50 is above the previous anchor 10, against direction "decrease"`},
			{"milestone[1].value", `100 is above the previous anchor 50, against direction "decrease"`},
		}},
		{"no target moves", func(ind *Indicator) { ind.Milestones[0].Value, ind.Milestones[1].Value = ptr(10), ptr(10) }, []FieldError{
			{"milestone[1].value", `no target moves from the baseline 10 in direction "increase"`},
		}},
		{"percent above 100", func(ind *Indicator) { ind.Unit, ind.Milestones[1].Value = "percent", ptr(120) }, []FieldError{
			{"milestone[1].value", "value 120 is above 100, unit percent"},
		}},
		{"negative baseline count", func(ind *Indicator) { ind.Baseline.Value = -1 }, []FieldError{
			{"baseline.value", "value -1 is negative, unit count"},
		}},
		{"NaN target", func(ind *Indicator) { ind.Milestones[1].Value = ptr(math.NaN()) }, []FieldError{
			{"milestone[1].value", "value NaN is not a finite number"},
		}},
		{"target beyond the largest value", func(ind *Indicator) { ind.Milestones[1].Value = ptr(2e15) }, []FieldError{
			{"milestone[1].value", "value 2e+15 is above 1e+15, the largest value Jalon evaluates, unit count: check the figure and its unit"},
		}},
		{"target too close to zero", func(ind *Indicator) {
			ind.Unit, ind.Baseline.Value, ind.Milestones[0].Value, ind.Milestones[1].Value = "ratio", 0, ptr(5e-324), ptr(1)
		}, []FieldError{
			{"milestone[0].value", "value 5e-324 is closer to zero than 1e-09, the smallest target Jalon evaluates: write 0 or a value of at least 1e-09"},
		}},
		{"smallest target", func(ind *Indicator) {
			ind.Unit, ind.Baseline.Value, ind.Milestones[0].Value, ind.Milestones[1].Value = "ratio", 0, ptr(1e-9), ptr(1)
		}, nil},
		{"plan without shape plan", func(ind *Indicator) { ind.Plan = []Anchor{{Value: 20, Date: d("2023-06-30")}} },
			[]FieldError{{"plan", `applies only to shape = "plan"`}}},
		{"shape plan without plan", func(ind *Indicator) { ind.Shape = ShapePlan },
			[]FieldError{{"plan", `required with shape = "plan"`}}},
		{"plan out of order and span", func(ind *Indicator) {
			ind.Shape = ShapePlan
			ind.Plan = []Anchor{{Value: 20, Date: d("2024-06-30")}, {Value: 30, Date: d("2024-06-30")}, {Value: 101, Date: d("2027-06-30")}, {}}
			ind.Unit = "percent"
		}, []FieldError{
			{"plan[1].date", "2024-06-30 is not after the previous plan date 2024-06-30"},
			{"plan[2].date", "2027-06-30 is outside the span from the baseline 2023-01-01 to the last deadline 2026-12-31"},
			{"plan[3].date", "required"},
			{"plan[2].value", "value 101 is above 100, unit percent"},
		}},
		{"tolerance at_risk zero", func(ind *Indicator) { ind.Tolerance = Tolerance{AtRisk: 0, OffTrack: 0.2} },
			[]FieldError{{"tolerance.at_risk", "must be positive, not 0"}}},
		{"tolerance NaN", func(ind *Indicator) { ind.Tolerance = Tolerance{AtRisk: math.NaN(), OffTrack: 0.2} },
			[]FieldError{{"tolerance.at_risk", "must be positive, not NaN"}}},
		{"tolerance out of order", func(ind *Indicator) { ind.Tolerance = Tolerance{AtRisk: 0.3, OffTrack: 0.3} },
			[]FieldError{{"tolerance.off_track", "0.3 must be greater than at_risk 0.3"}}},
		{"tolerance above the whole change", func(ind *Indicator) { ind.Tolerance = Tolerance{AtRisk: 0.1, OffTrack: 1e308} },
			[]FieldError{{"tolerance.off_track", "1e+308 is above 1: a tolerance is a share of the planned change (0.15 is 15 %)"}}},
		{"name too long", func(ind *Indicator) { ind.Name = strings.Repeat("n", 501) },
			[]FieldError{{"name", "is 501 bytes long: at most 500"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ind := validDef(t)
			tc.change(&ind)
			if got := ind.Validate(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Validate() = %q, want %q", got, tc.want)
			}
		})
	}
}
