package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func TestParseRemoteWrite(t *testing.T) {
	t.Setenv("JALON_TEST_RW_PASSWORD", "pw-from-env")
	d, err := ParseDaemon(tomlcheck.Source{Name: "/etc/jalon/jalon.toml", Data: []byte(`
[remote_write]
url = "https://prometheus.example.org/api/v1/write"
timeout = "10s"
batch_size = 200
queue_size = 5000
headers = { "X-Scope-OrgID" = "roadmap", Authorization = "Bearer ${PROM_TOKEN}" }
username = "jalon"
password = "${JALON_TEST_RW_PASSWORD}"
`)})
	if err != nil {
		t.Fatalf("ParseDaemon([remote_write]) = %v", err)
	}
	want := RemoteWrite{URL: "https://prometheus.example.org/api/v1/write", Timeout: 10 * time.Second, BatchSize: 200, QueueSize: 5000,
		Headers:  map[string]string{"X-Scope-Orgid": "roadmap", "Authorization": "Bearer ${PROM_TOKEN}"},
		Username: "jalon", Password: "pw-from-env"}
	if pos := d.RemoteWrite.Pos; pos.File != "/etc/jalon/jalon.toml" || pos.Line != 2 || pos.Lines["headers"] != 7 {
		t.Errorf("RemoteWrite.Pos = %+v, want line 2, headers on line 7", pos)
	}
	d.RemoteWrite.Pos = Pos{} // checked above
	if !reflect.DeepEqual(d.RemoteWrite, want) {
		t.Errorf("RemoteWrite =\n%+v\nwant\n%+v", d.RemoteWrite, want)
	}
	if d, _ := ParseDaemon(tomlcheck.Source{Name: "jalon.toml"}); d.RemoteWrite.Enabled() {
		t.Errorf("RemoteWrite without the table = %+v, want off", d.RemoteWrite)
	}
}

func TestParseRemoteWriteProblems(t *testing.T) {
	tests := []struct {
		name, toml, want string
	}{
		{"no url", "[remote_write]\ntimeout = \"5s\"\n", "jalon.toml:1: remote_write.url: required key missing"},
		{"not http", "[remote_write]\nurl = \"ftp://x/write\"\n", `jalon.toml:2: remote_write.url: "ftp://x/write" is not an absolute http:// or https:// URL`},
		{"batch", "[remote_write]\nurl = \"http://x/w\"\nbatch_size = 0\n", "jalon.toml:3: remote_write.batch_size: must be a positive integer, not 0"},
		{"secret written out", "[remote_write]\nurl = \"http://x/w\"\nheaders = { Authorization = \"Bearer abc\" }\n", "remote_write.headers.Authorization: carries credentials"},
		{"password written out", "[remote_write]\nurl = \"http://x/w\"\nusername = \"u\"\npassword = \"hunter2\"\n", `remote_write.password: must name an environment variable as "${NAME}"`},
		{"password alone", "[remote_write]\nurl = \"http://x/w\"\npassword_file = \"/nonexistent\"\n", "remote_write.password_file: read secret file"},
		{"username alone", "[remote_write]\nurl = \"http://x/w\"\nusername = \"u\"\n", "jalon.toml:3: remote_write.username: username and password (or password_file) go together"},
		{"unknown key", "[remote_write]\nurl = \"http://x/w\"\ncapacity = 3\n", "jalon.toml:3: remote_write.capacity: unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(tt.toml)})
			var probs tomlcheck.Problems
			if !errors.As(err, &probs) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseDaemon(%q) = %v, want a problem %q", tt.toml, err, tt.want)
			}
		})
	}
}
