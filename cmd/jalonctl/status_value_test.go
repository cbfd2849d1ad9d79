package main

import (
	"math"
	"testing"
)

func TestRoundValue(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		want string
	}{
		{266187845.3, "per_year", "266.2 million a year"},
		{78.66, "percent", "78.7%"},
		{8210, "count", "8,210"},
		{math.NaN(), "count", "—"},
	}
	for _, tt := range tests {
		if got := roundValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("roundValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}
