package main

import (
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/testpeer"
)

// TestTLS serves over HTTPS when a certificate is configured, and only so.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := testpeer.SelfSigned(t, dir, "server")
	cfg := filepath.Join(dir, "jalon.toml")
	os.WriteFile(cfg, []byte("[tls]\ncert_file = \""+certFile+"\"\nkey_file = \""+keyFile+"\"\n"), 0o644)
	d := launchDaemon(t, filepath.Join(dir, "data"), "--config.file="+cfg)
	const prefix = "jalond listening on "
	line, err := d.stdout.waitLine(prefix, d.exited, startupTimeout)
	if err != nil {
		t.Fatalf("jalond stdout: %v", err)
	}
	base := strings.TrimSuffix(strings.TrimPrefix(line, prefix), "/")
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("jalond stdout = %q, want an https URL", line)
	}
	tlsClient := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	err = testpeer.Poll(startupTimeout, func() (bool, error) {
		resp, err := tlsClient.Get(base + "/-/ready")
		if err != nil {
			return false, nil
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
	if err != nil {
		t.Fatalf("GET %s/-/ready over TLS: %v", base, err)
	}
	plain := &http.Client{Timeout: 5 * time.Second}
	resp, err := plain.Get("http://" + strings.TrimPrefix(base, "https://") + "/-/ready")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP on the TLS port answered 200")
		}
	}
}
