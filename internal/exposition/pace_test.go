package exposition

import (
	"math"
	"testing"

	"github.com/jalonhq/jalon/indicators"
)

// TestSameEvalComparesPaceByValue: two evaluations of an unchanged series
// carry paces at different addresses; they must still compare equal, or
// every scrape after a refresh re-encodes every series.
func TestSameEvalComparesPaceByValue(t *testing.T) {
	pace := func(recent float64) *indicators.Pace {
		return &indicators.Pace{Target: 1, Required: 179, Recent: recent}
	}
	tests := []struct {
		name string
		a, b *indicators.Pace
		want bool
	}{
		{"equal values", pace(120), pace(120), true},
		{"both without recent pace", pace(math.NaN()), pace(math.NaN()), true},
		{"recent pace moved", pace(120), pace(121), false},
		{"pace gone", pace(120), nil, false},
		{"no pace", nil, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := indicators.Evaluation{Pace: tc.a}, indicators.Evaluation{Pace: tc.b}
			if got := sameEval(&a, &b); got != tc.want {
				t.Errorf("sameEval(pace %+v, pace %+v) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}
