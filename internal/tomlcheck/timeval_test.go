package tomlcheck

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Duration
		ok   bool
	}{
		{"go units", "1h30m", 90 * time.Minute, true},
		{"days", "90d", 90 * 24 * time.Hour, true},
		{"weeks and days", "1w2d", 9 * 24 * time.Hour, true},
		{"fraction of a day", "1.5d", 36 * time.Hour, true},
		{"mixed", "2d12h", 60 * time.Hour, true},
		{"empty", "", 0, false},
		{"no unit", "90", 0, false},
		{"unknown unit", "3y", 0, false},
		{"sign", "-1h", 0, false},
		{"space", "3 months", 0, false},
		{"overflow", "99999999999w", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDuration(tc.in)
			if got != tc.want || (err == nil) != tc.ok {
				t.Errorf("ParseDuration(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}
