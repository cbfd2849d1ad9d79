package indicators

import (
	"math"
	"testing"
)

func TestConfidenceOf(t *testing.T) {
	cases := []struct {
		status Status
		p      float64
		want   Confidence
	}{
		{StatusOnTrack, 0.95, ConfidenceGreen},
		{StatusOnTrack, 0.8, ConfidenceGreen},
		{StatusAtRisk, 0.7999, ConfidenceAmberGreen},
		{StatusAtRisk, 0.6, ConfidenceAmberGreen},
		{StatusOffTrack, 0.5999, ConfidenceAmberRed},
		{StatusOffTrack, 0.3, ConfidenceAmberRed},
		{StatusOnTrack, 0.2999, ConfidenceRed},
		{StatusStale, 0, ConfidenceRed},
		{StatusOnTrack, math.NaN(), ConfidenceUnknown},
		{StatusNoData, math.NaN(), ConfidenceUnknown},
		{StatusAchieved, math.NaN(), ConfidenceGreen},
		{StatusMissed, 0.9, ConfidenceRed},
	}
	for _, c := range cases {
		if got := ConfidenceOf(c.status, c.p); got != c.want {
			t.Errorf("ConfidenceOf(%s, %v) = %s, want %s", c.status, c.p, got, c.want)
		}
	}
}

func TestTolerance(t *testing.T) {
	cases := []struct {
		name string
		tol  Tolerance
		gap  float64
		want Status
	}{
		{"default, ahead", Tolerance{}, 0.2, StatusOnTrack},
		{"default, exactly at risk tolerance", Tolerance{}, -0.05, StatusOnTrack},
		{"default, at risk", Tolerance{}, -0.06, StatusAtRisk},
		{"default, exactly off-track tolerance", Tolerance{}, -0.15, StatusAtRisk},
		{"default, off track", Tolerance{}, -0.16, StatusOffTrack},
		{"own tolerance", Tolerance{AtRisk: 0.1, OffTrack: 0.25}, -0.2, StatusAtRisk},
		{"own at risk, default off track", Tolerance{AtRisk: 0.01}, -0.02, StatusAtRisk},
		{"unknown gap", Tolerance{}, math.NaN(), StatusOnTrack},
	}
	for _, c := range cases {
		ind := &Indicator{Tolerance: c.tol}
		if got := ind.tolerance().classify(c.gap); got != c.want {
			t.Errorf("%s: classify(%v) = %s, want %s", c.name, c.gap, got, c.want)
		}
	}
}
