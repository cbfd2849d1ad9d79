package main

import (
	"strings"
	"testing"
)

func TestFlagsAfterArguments(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string // a substring of stderr
	}{
		{"push", []string{"push", "ind", "2026-09-30", "12", "--labels", "region=84"}, 2,
			`jalonctl push: flags go before arguments: move --labels before "ind"`},
		{"catalog check", []string{"catalog", "check", "testdata/small.toml", "--embedded"}, 2,
			`jalonctl catalog check: flags go before arguments: move --embedded before "testdata/small.toml"`},
		{"several, one with its value", []string{"push", "ind", "2026-09-30", "12", "-source=x", "--token=secret"}, 2,
			`flags go before arguments: move -source, --token before "ind"`},
		{"after --, an argument", []string{"catalog", "check", "--", "--embedded"}, 1, "load catalog --embedded: open --embedded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "secret") {
				t.Errorf("jalonctl %v = %d %q, want %d and %q", tt.args, code, stderr, tt.code, tt.want)
			}
		})
	}
	// A negative VALUE is an argument, not a flag.
	if _, stderr, _ := runCLI(t, "", "push", "--url", "http://127.0.0.1:1", "ind", "2026-09-30", "-5"); strings.Contains(stderr, "flags go before") {
		t.Errorf("push with a negative value = %q, want it read as VALUE", stderr)
	}
}
