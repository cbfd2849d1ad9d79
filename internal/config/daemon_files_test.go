package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestParseDaemonFiles(t *testing.T) {
	dir := t.TempDir()
	catalog := filepath.Join(dir, "catalog.toml")
	writeFile(t, catalog, "")

	tests := []struct {
		name, toml string
		want       []string // "" for none
	}{
		{"tls table, relative to the file", "[tls]\ncert_file = \"server.crt\"\nkey_file = \"server.key\"\n", []string{
			`jalon.toml:2: tls.cert_file: the [tls] table is no longer read: remove it, start jalond with --web.config.file=web.yml ` +
				`and write in web.yml (YAML, as for Prometheus): tls_server_config: {cert_file: "` + dir + `/server.crt", key_file: "` + dir + `/server.key"}`,
		}},
		{"catalog files", "catalog_files = [\"catalog.toml\", \"nothere.toml\", \".\"]\n", []string{
			`jalon.toml:1: catalog_files[1]: open ` + dir + `/nothere.toml: no such file or directory`,
			`jalon.toml:1: catalog_files[2]: ` + dir + ` is not a regular file`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseDaemon(tomlcheck.Source{Name: filepath.Join(dir, "jalon.toml"), Data: []byte(tc.toml)})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("ParseDaemon() = %v, want no problem", err)
				}
				return
			}
			var probs tomlcheck.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("ParseDaemon() error = %v, want Problems", err)
			}
			want := strings.ReplaceAll(strings.Join(tc.want, "\n"), "jalon.toml:", filepath.Join(dir, "jalon.toml")+":")
			if got := err.Error(); got != want {
				t.Errorf("ParseDaemon() problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
