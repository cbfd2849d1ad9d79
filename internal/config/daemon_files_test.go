package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/testpeer"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// writeKeyPair writes a self-signed certificate and its key as the PEM
// files name.crt and name.key in dir.
func writeKeyPair(t *testing.T, dir, name string) (certFile, keyFile string) {
	certFile, keyFile, _ = testpeer.SelfSigned(t, dir, name)
	return certFile, keyFile
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestParseDaemonFiles(t *testing.T) {
	dir := t.TempDir()
	cert, key := writeKeyPair(t, dir, "server")
	_, otherKey := writeKeyPair(t, dir, "other")
	noPEM := filepath.Join(dir, "notes.txt")
	writeFile(t, noPEM, "not a certificate\n")
	badCert := filepath.Join(dir, "bad.crt")
	writeFile(t, badCert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
	catalog := filepath.Join(dir, "catalog.toml")
	writeFile(t, catalog, "")

	tls := func(cert, key string) string {
		return "[tls]\ncert_file = \"" + cert + "\"\nkey_file = \"" + key + "\"\n"
	}
	tests := []struct {
		name, toml string
		want       []string // "" for none
	}{
		{"a valid pair", tls(cert, key), nil},
		{"relative to the file", "[tls]\ncert_file = \"server.crt\"\nkey_file = \"server.key\"\n", nil},
		{"missing files", tls("/nonexistent/server.crt", "missing.key"), []string{
			`jalon.toml:2: tls.cert_file: open /nonexistent/server.crt: no such file or directory`,
			`jalon.toml:3: tls.key_file: open ` + dir + `/missing.key: no such file or directory`,
		}},
		{"no PEM", tls(noPEM, key), []string{
			`jalon.toml:2: tls.cert_file: ` + noPEM + ` holds no PEM data: want a CERTIFICATE block (-----BEGIN CERTIFICATE-----)`,
		}},
		{"swapped", tls(key, cert), []string{
			`jalon.toml:2: tls.cert_file: ` + key + ` holds no CERTIFICATE block, only EC PRIVATE KEY: are tls.cert_file and tls.key_file swapped?`,
			`jalon.toml:3: tls.key_file: ` + cert + ` holds no PRIVATE KEY block, only CERTIFICATE: are tls.key_file and tls.cert_file swapped?`,
		}},
		{"unparsable certificate", tls(badCert, key), []string{
			`jalon.toml:2: tls.cert_file: ` + badCert + `: CERTIFICATE block 1: x509: malformed certificate`,
		}},
		{"key of another certificate", tls(cert, otherKey), []string{
			`jalon.toml:3: tls.key_file: ` + otherKey + ` does not go with the certificate of tls.cert_file: private key does not match public key`,
		}},
		{"a directory", tls(dir, key), []string{`jalon.toml:2: tls.cert_file: ` + dir + ` is not a regular file`}},
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
