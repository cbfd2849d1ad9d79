package webconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func writeFile(t *testing.T, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "web.yml")
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheck(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(writeFile(t, "basic_auth_users:\n  comite: "+string(hash)+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TLS() || !c.Users() {
		t.Errorf("TLS() = %v, Users() = %v; want false, true", c.TLS(), c.Users())
	}
	tests := []struct {
		user, password string
		want           bool
	}{
		{"comite", "s3cret", true},
		{"comite", "s3cret", true}, // cached
		{"comite", "guess", false},
		{"nobody", "s3cret", false},
		{"nobody", "fakepassword", false}, // the unknown users' hash's own password
	}
	for _, tc := range tests {
		if got := c.Check(tc.user, tc.password); got != tc.want {
			t.Errorf("Check(%q, %q) = %v, want %v", tc.user, tc.password, got, tc.want)
		}
	}
}

func TestLoadRefuses(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "tls_config:\n  cert_file: a\n", "field tls_config not found"},
		{"hash not bcrypt", "basic_auth_users:\n  comite: s3cret\n", "bcrypt"},
		{"rate limit", "rate_limit:\n  interval: 1s\n  burst: 5\n", "rate_limit: jalond does not apply it"},
		{"key without certificate", "tls_server_config:\n  key_file: k.pem\n", "missing one of cert or cert_file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, tc.yaml)
			_, err := Load(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("Load() = %v, want an error naming %s and saying %q", err, p, tc.want)
			}
		})
	}
}

func TestLoadNone(t *testing.T) {
	c, err := Load("")
	if err != nil || c.TLS() || c.Users() {
		t.Errorf(`Load("") = %+v, %v; want plain HTTP without users`, c, err)
	}
}
