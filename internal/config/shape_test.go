package config

import (
	"reflect"
	"slices"
	"testing"

	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func TestParseDaemonShapes(t *testing.T) {
	tests := []problemCase{
		{"value for a table", "tls = \"on\"\n", []string{`jalon.toml:1: tls: want a table ([tls]), got a string`}},
		{"table for an array of tables", "[token]\nname = \"a\"\n", []string{`jalon.toml:1: token: write [[token]], not [token]`}},
		{"array of tables for a table", "[[tls]]\ncert_file = \"a\"\n", []string{`jalon.toml:1: tls: write [tls], not [[tls]]`}},
		{"value for an array of tables", "notifier = 3\n", []string{`jalon.toml:1: notifier: want an array of tables ([[notifier]]), got an integer`}},
		{"every mismatch at once", "[[puller]]\nname = \"p\"\ncsv = [1]\n[[puller]]\njson = true\n[alerting]\nrule = { JalonDataStale = 2 }\n", []string{
			`jalon.toml:3: puller.csv: want a table ([puller.csv]), got an array`,
			`jalon.toml:5: puller.json: want a table ([puller.json]), got a boolean`,
			`jalon.toml:7: alerting.rule.JalonDataStale: want a table ([alerting.rule.JalonDataStale]), got an integer`,
		}},
		{"element of an inline array", "token = [{ name = \"a\" }, \"b\"]\n", []string{`jalon.toml:1: token[1]: want a table, got a string`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			daemonProblems(t, tc.toml, tc.want)
		})
	}
}

// TestFileTypesHoldValues checks that the type mirroring the file holds
// only values and tables of them, the shapes tomlcheck knows.
func TestFileTypesHoldValues(t *testing.T) {
	if odd := tomlcheck.OddFields(reflect.TypeFor[daemonFile]()); len(odd) > 0 {
		t.Errorf("OddFields(daemonFile) = %v, want none", odd)
	}
}

// TestDaemonKeys checks the catalog format's list of this file's keys, by
// which it recognises a daemon configuration given as a catalog file.
func TestDaemonKeys(t *testing.T) {
	if got, want := catalogfile.DaemonKeys(), tomlcheck.TopLevelKeys(reflect.TypeFor[daemonFile]()); !slices.Equal(got, want) {
		t.Errorf("catalogfile.DaemonKeys() = %q, want the keys of daemonFile %q", got, want)
	}
}
