package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/testpeer"
)

// TestConfigCheckDeployEtcd checks deploy/systemd/jalond-etcd.toml, the
// configuration of a replica on etcd, as jalond would at start: as written
// (a client certificate) and with its commented password lines taken in,
// its files put in a directory of their own.
func TestConfigCheckDeployEtcd(t *testing.T) {
	data, err := os.ReadFile("../../deploy/systemd/jalond-etcd.toml")
	if err != nil {
		t.Fatal(err)
	}
	const etcDir = "/etc/jalon/etcd/"
	if n := strings.Count(string(data), etcDir); n != 4 {
		t.Fatalf("jalond-etcd.toml names %d files under %s, want 4 (CA, certificate, key, password): update this test with it", n, etcDir)
	}
	for _, c := range []struct {
		name, from, to string
	}{
		{"client certificate", "", ""},
		{"password", "#username = ", "username = "},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			testpeer.SelfSigned(t, dir, "ca")
			testpeer.SelfSigned(t, dir, "client")
			writeTestFile(t, filepath.Join(dir, "password"), "s3cret\n")
			example := strings.ReplaceAll(string(data), etcDir, dir+"/")
			if c.from != "" {
				example = strings.ReplaceAll(example, c.from, c.to)
				example = strings.ReplaceAll(example, "#password_file = ", "password_file = ")
				if !strings.Contains(example, "\nusername = ") || !strings.Contains(example, "\npassword_file = ") {
					t.Fatal("jalond-etcd.toml has no commented username and password_file lines: update this test with it")
				}
			}
			path := filepath.Join(dir, "jalon.toml")
			writeTestFile(t, path, example)
			stdout, stderr, code := runCLI(t, "", "config", "check", path)
			if want := path + ": listen on :9721, 0 tokens, 1 catalog files\ncatalog: "; code != 0 || !strings.HasPrefix(stdout, want) {
				t.Errorf("jalonctl config check %s = status %d, stdout:\n%s\nstderr:\n%s\nwant status 0, stdout starting %q", path, code, stdout, stderr, want)
			}
		})
	}
}
