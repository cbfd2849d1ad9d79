package indicators

import (
	"math"
	"testing"
)

func TestWorsePart(t *testing.T) {
	ev := func(s Status, gap float64) Evaluation { return Evaluation{Status: s, Gap: gap} }
	tests := []struct {
		name string
		a, b Evaluation
		want bool
	}{
		{"worse status", ev(StatusOffTrack, 0.5), ev(StatusAtRisk, -0.2), true},
		{"better status", ev(StatusOnTrack, -0.9), ev(StatusAtRisk, 0), false},
		{"same status, further behind", ev(StatusOffTrack, -0.3), ev(StatusOffTrack, -0.2), true},
		{"same status, less behind", ev(StatusOffTrack, -0.2), ev(StatusOffTrack, -0.3), false},
		{"same status and gap", ev(StatusAtRisk, -0.1), ev(StatusAtRisk, -0.1), false},
		{"a gap beats none", ev(StatusStale, -0.1), ev(StatusStale, math.NaN()), true},
		{"no gap loses", ev(StatusStale, math.NaN()), ev(StatusStale, 0.4), false},
		{"no data is least", ev(StatusAchieved, 0), ev(StatusNoData, math.NaN()), true},
		{"unverified as stale", ev(StatusUnverified, -0.5), ev(StatusStale, -0.2), true},
	}
	for _, tt := range tests {
		if got := WorsePart(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: WorsePart(%v %g, %v %g) = %v, want %v", tt.name, tt.a.Status, tt.a.Gap, tt.b.Status, tt.b.Gap, got, tt.want)
		}
	}
}
