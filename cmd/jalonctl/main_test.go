package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/golden"
)

// runCLI runs a command line as main does and returns its outputs and exit
// status.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, utcEnv)
	code = report(err, &errOut)
	return out.String(), errOut.String(), code
}

func TestCatalogShowJSONGolden(t *testing.T) {
	stdout, stderr, code := runCLI(t, "", "catalog", "show", "--format", "json", "testdata/small.toml")
	if code != 0 {
		t.Fatalf("catalog show --format json: status %d, stderr %s", code, stderr)
	}
	golden.Compare(t, "testdata/small.json.golden", []byte(stdout))
}

func TestCatalogShowTable(t *testing.T) {
	stdout, _, code := runCLI(t, "", "catalog", "show", "testdata/small.toml")
	want := `OBJECTIVE  INDICATOR               KIND       UNIT      TARGETS
1-1        mes_documents_per_year  rate       per_year  250M by 2023-12-31; 400M by 2026-12-31
1-4        portals_share           level      percent   90% by 2024-12-31
1-4        portals_launch          milestone  done      done by 2024-06-30
`
	if code != 0 || stdout != want {
		t.Errorf("catalog show = %d\n%s\nwant 0\n%s", code, stdout, want)
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		name string
		v    float64
		unit string
		want string
	}{
		{"millions", 250e6, "count", "250M"},
		{"thousands with decimals", 1500, "count", "1.5k"},
		{"billions", 2.5e9, "euros", "2.5G"},
		{"small", 6, "months", "6"},
		{"negative", -6, "months", "-6"},
		{"percent", 90, "percent", "90%"},
		{"ratio", 0.8, "ratio", "0.8"},
	}
	for _, tc := range tests {
		if got := formatValue(tc.v, tc.unit); got != tc.want {
			t.Errorf("%s: formatValue(%v, %s) = %s, want %s", tc.name, tc.v, tc.unit, got, tc.want)
		}
	}
}

func TestCommands(t *testing.T) {
	tests := []struct {
		name       string
		stdin      string
		args       []string
		code       int
		stdout     string // a substring of stdout
		stderr     string // a substring of stderr
		exactError string // the whole of stderr, if set
	}{
		{name: "catalog check counts", args: []string{"catalog", "check", "testdata/small.toml"},
			stdout: "1 axes, 1 priorities, 2 objectives, 3 indicators, 3 quantified targets, 1 dated milestones\n"},
		{name: "catalog check problems", args: []string{"catalog", "check", "--embedded", "testdata/bad.toml"}, code: 1,
			exactError: "testdata/bad.toml:4: objective.colour: unknown key\n" +
				"testdata/bad.toml:7: objective.indicator.id: \"Docs\" is not a snake_case id ([a-z][a-z0-9_]*)\n"},
		{name: "embedded catalog checks", args: []string{"catalog", "check"}, stdout: " objectives, "},
		{name: "embedded catalog shows", args: []string{"catalog", "show"}, stdout: "\n1-1 "},
		{name: "missing file", args: []string{"catalog", "show", "testdata/none.toml"}, code: 1,
			stderr: "load catalog testdata/none.toml: open testdata/none.toml: no such file or directory"},
		{name: "config check problems", args: []string{"config", "check", "testdata/small.toml"}, code: 1,
			stderr: "testdata/small.toml:1: this looks like a catalog file, not a daemon configuration: check it with jalonctl catalog check, load it with catalog_files\n"},
		{name: "catalog check of a daemon configuration", args: []string{"catalog", "check", "../../internal/config/testdata/example.toml"}, code: 1,
			exactError: "../../internal/config/testdata/example.toml:4: this looks like a daemon configuration, not a catalog file: check it with jalonctl config check\n"},
		{name: "hash token", stdin: "abc\n", args: []string{"config", "hash-token"},
			stdout: "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n",
			stderr: "warning: the secret is 3 bytes long; use at least 16 random bytes"},
		{name: "empty secret", stdin: "\n", args: []string{"config", "hash-token"}, code: 1, stderr: "standard input is empty"},
		{name: "no command", args: nil, code: 2, stderr: "jalonctl: missing command"},
		{name: "unknown command", args: []string{"pull"}, code: 2, stderr: `jalonctl: unknown command "pull"`},
		{name: "unknown subcommand", args: []string{"catalog", "lint"}, code: 2, stderr: `jalonctl catalog: unknown command "lint"`},
		{name: "unknown flag", args: []string{"catalog", "show", "--colour"}, code: 2, stderr: "flag provided but not defined: -colour"},
		{name: "bad format", args: []string{"catalog", "show", "--format", "yaml"}, code: 2, stderr: `unknown format "yaml"`},
		{name: "config check needs a file", args: []string{"config", "check"}, code: 2, stderr: "want one FILE, got 0 arguments"},
		{name: "help", args: []string{"help"}, stdout: "  catalog  show or check catalog files\n"},
		{name: "help lists each command on one line", args: []string{"help"},
			stdout: "  backup   save a consistent copy of the data file (admin)\n  rules"},
		{name: "subcommands on one line each", args: []string{"catalog", "help"},
			stdout: "  show   show the objectives and targets of catalog files\n  check  check catalog files\n"},
		{name: "subcommand help", args: []string{"catalog", "show", "-h"}, stdout: "Usage: jalonctl catalog show [--format table|json]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) ||
				(tc.exactError != "" && stderr != tc.exactError) {
				t.Errorf("jalonctl %s = status %d, stdout:\n%s\nstderr:\n%s\nwant status %d, stdout with %q, stderr with %q%s",
					strings.Join(tc.args, " "), code, stdout, stderr, tc.code, tc.stdout, tc.stderr, tc.exactError)
			}
		})
	}
}

// TestHashLongToken checks that a secret long enough gets no warning.
func TestHashLongToken(t *testing.T) {
	stdout, stderr, code := runCLI(t, "0123456789abcdef0123456789abcdef\n", "config", "hash-token")
	if code != 0 || !strings.HasPrefix(stdout, "sha256:") || stderr != "" {
		t.Errorf("hash-token of 32 bytes = %d %q %q, want a hash and nothing on stderr", code, stdout, stderr)
	}
}

// TestVersion asks for the version both ways, as Prometheus' tools and as a
// command; a binary built without the Makefile's -ldflags still names one.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		stdout, stderr, code := runCLI(t, "", args...)
		if code != 0 || stderr != "" || !regexp.MustCompile(`^jalonctl, version \S+ \(branch: .*, revision: \S+\)\n  build user`).MatchString(stdout) {
			t.Errorf("jalonctl %v = %d, stdout %q, stderr %q; want 0 and \"jalonctl, version V (branch: B, revision: R)\" with the build context", args, code, stdout, stderr)
		}
	}
}

// utcEnv is an environment with TZ=UTC and nothing else, so that tables
// read the same on every machine.
func utcEnv(name string) string {
	if name == "TZ" {
		return "UTC"
	}
	return ""
}
