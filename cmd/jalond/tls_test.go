package main

import (
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/testpeer"
)

// startWebConfig starts jalond with a web configuration file (TLS and two
// basic-auth users) and a daemon configuration, and returns its https base
// URL and a client that trusts its certificate.
func startWebConfig(t *testing.T, daemonConfig string) (base string, client *http.Client) {
	t.Helper()
	dir := t.TempDir()
	certFile, keyFile, pool := testpeer.SelfSigned(t, dir, "server")
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	web := filepath.Join(dir, "web.yml")
	writeTestFile(t, web, "tls_server_config:\n  cert_file: "+certFile+"\n  key_file: "+keyFile+
		"\nbasic_auth_users:\n  comite: "+string(hash)+"\n  stranger: "+string(hash)+"\n")
	cfg := filepath.Join(dir, "jalon.toml")
	writeTestFile(t, cfg, daemonConfig)
	d := launchDaemon(t, filepath.Join(dir, "data"), "--config.file="+cfg, "--web.config.file="+web)
	const prefix = "jalond listening on "
	line, err := d.stdout.waitLine(prefix, d.exited, startupTimeout)
	if err != nil {
		t.Fatalf("jalond stdout: %v", err)
	}
	base = strings.TrimSuffix(strings.TrimPrefix(line, prefix), "/")
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("jalond stdout = %q, want an https URL", line)
	}
	client = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	err = testpeer.Poll(startupTimeout, func() (bool, error) {
		resp, err := client.Get(base + "/-/ready")
		if err != nil {
			return false, nil
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
	if err != nil {
		t.Fatalf("GET %s/-/ready over TLS: %v", base, err)
	}
	return base, client
}

func writeTestFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestWebConfigTLS serves over HTTPS when --web.config.file names a
// certificate, and only so.
func TestWebConfigTLS(t *testing.T) {
	base, _ := startWebConfig(t, "")
	plain := &http.Client{Timeout: 5 * time.Second}
	resp, err := plain.Get("http://" + strings.TrimPrefix(base, "https://") + "/-/ready")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP on the TLS port answered 200")
		}
	}
}

// TestWebConfigBasicAuth gives basic-auth users the scopes of their
// [[web_user]], and keeps bearer tokens working beside them.
func TestWebConfigBasicAuth(t *testing.T) {
	daemonConfig := "[[token]]\nname = \"grafana\"\nhash = \"" + config.HashToken("tok") + "\"\nscopes = [\"read\"]\n" +
		"[[web_user]]\nname = \"comite\"\nscopes = [\"read\"]\n"
	base, client := startWebConfig(t, daemonConfig)
	tests := []struct {
		name string
		set  func(r *http.Request)
		want int
	}{
		{"no credentials", func(*http.Request) {}, http.StatusUnauthorized},
		{"user with the read scope", func(r *http.Request) { r.SetBasicAuth("comite", "s3cret") }, http.StatusOK},
		{"wrong password", func(r *http.Request) { r.SetBasicAuth("comite", "guess") }, http.StatusUnauthorized},
		{"unknown user", func(r *http.Request) { r.SetBasicAuth("nobody", "s3cret") }, http.StatusUnauthorized},
		{"user without [[web_user]]", func(r *http.Request) { r.SetBasicAuth("stranger", "s3cret") }, http.StatusForbidden},
		{"bearer token", func(r *http.Request) { r.Header.Set("Authorization", "Bearer tok") }, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/objectives", nil)
			tc.set(req)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("GET /api/v1/objectives = %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
	t.Run("pages offer the browser's basic-auth dialog", func(t *testing.T) {
		for user, want := range map[string]int{"": http.StatusUnauthorized, "comite": http.StatusOK} {
			req, _ := http.NewRequest(http.MethodGet, base+"/", nil)
			if user != "" {
				req.SetBasicAuth(user, "s3cret")
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			challenges := resp.Header.Values("WWW-Authenticate")
			if resp.StatusCode != want || want == http.StatusUnauthorized && !slices.Contains(challenges, `Basic realm="jalon"`) {
				t.Errorf("GET / as %q = %d %q, want %d with a Basic challenge when 401", user, resp.StatusCode, challenges, want)
			}
		}
	})
}

// TestTLSTableRefused stops jalond at a configuration that still has the
// [tls] table, telling what to write instead.
func TestTLSTableRefused(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "jalon.toml")
	writeTestFile(t, cfg, "[tls]\ncert_file = \"server.crt\"\nkey_file = \"server.key\"\n")
	d := launchDaemon(t, filepath.Join(dir, "data"), "--config.file="+cfg)
	if code, err := d.wait(startupTimeout); err != nil || code == 0 {
		t.Fatalf("jalond with [tls] exited %d, %v; want a failure", code, err)
	}
	want := cfg + ":2: tls.cert_file: the [tls] table is no longer read: remove it, start jalond with --web.config.file=web.yml"
	if got := d.stderr.String(); !strings.Contains(got, want) || !strings.Contains(got, `tls_server_config: {cert_file: "`+dir+`/server.crt"`) {
		t.Errorf("stderr = %q, want %q and the YAML to write", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Errorf("storage directory created before the configuration was accepted: %v", err)
	}
}
