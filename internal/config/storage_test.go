package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func TestParseStorage(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "etcd.password"), []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := ParseDaemon(tomlcheck.Source{Name: filepath.Join(dir, "jalon.toml"), Data: []byte(`
[storage]
backend = "etcd"
endpoints = ["http://10.0.0.1:2379", "https://etcd-2.example.org:2379"]
prefix = "jalon/prod/"
username = "jalon"
password_file = "etcd.password"
lease_ttl = "3s"
quota_high_water = 0.75
quota_bytes = 8589934592
`)})
	if err != nil {
		t.Fatalf("ParseDaemon([storage]) = %v", err)
	}
	want := Storage{Backend: BackendEtcd, Etcd: Etcd{Endpoints: []string{"http://10.0.0.1:2379", "https://etcd-2.example.org:2379"},
		Prefix: "jalon/prod/", Username: "jalon", Password: "s3cret", LeaseTTL: 3 * time.Second, HighWater: 0.75, QuotaBytes: 8 << 30}}
	if !reflect.DeepEqual(d.Storage, want) {
		t.Errorf("Storage =\n%+v\nwant\n%+v", d.Storage, want)
	}
	if d, _ := ParseDaemon(tomlcheck.Source{Name: "jalon.toml"}); !reflect.DeepEqual(d.Storage, Storage{Backend: BackendBolt}) {
		t.Errorf("Storage without the table = %+v, want the bbolt backend", d.Storage)
	}
	d, err = ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte("[storage]\nbackend = \"etcd\"\nendpoints = [\"http://127.0.0.1:2379\"]\n")})
	if err != nil || d.Storage.Etcd.Prefix != DefaultEtcdPrefix {
		t.Errorf("Storage without a prefix = %+v, %v; want prefix %q", d.Storage, err, DefaultEtcdPrefix)
	}
}

func TestParseStorageProblems(t *testing.T) {
	etcd := "[storage]\nbackend = \"etcd\"\n"
	tests := []struct {
		name, toml, want string
	}{
		{"unknown backend", "[storage]\nbackend = \"redis\"\n", `jalon.toml:2: storage.backend: unknown backend "redis": want "bolt" (one file, the default) or "etcd"`},
		{"no endpoints", etcd, "jalon.toml:1: storage.endpoints: required key missing"},
		{"empty endpoints", etcd + "endpoints = []\n", "jalon.toml:3: storage.endpoints: must list at least one member"},
		{"bad endpoint", etcd + "endpoints = [\"http://a:2379\", \"127.0.0.1:2379\"]\n",
			`jalon.toml:3: storage.endpoints[1]: "127.0.0.1:2379" is not a member's client URL: want http://host:port or https://host:port`},
		{"empty prefix", etcd + "endpoints = [\"http://a:2379\"]\nprefix = \"\"\n", "jalon.toml:4: storage.prefix: must not be empty"},
		{"username alone", etcd + "endpoints = [\"http://a:2379\"]\nusername = \"u\"\n", "jalon.toml:4: storage.username: username and password_file go together"},
		{"password file missing", etcd + "endpoints = [\"http://a:2379\"]\nusername = \"u\"\npassword_file = \"/nonexistent/pw\"\n",
			"jalon.toml:5: storage.password_file: read secret file"},
		{"ca not pem", etcd + "endpoints = [\"https://a:2379\"]\nca_file = \"/dev/null\"\n", "jalon.toml:4: storage.ca_file:"},
		{"cert without key", etcd + "endpoints = [\"https://a:2379\"]\nkey_file = \"/nonexistent/key.pem\"\n", "jalon.toml:4: storage.key_file:"},
		{"etcd key with bolt", "[storage]\nendpoints = [\"http://a:2379\"]\n", `jalon.toml:2: storage.endpoints: only with backend = "etcd"`},
		{"lease in milliseconds", etcd + "endpoints = [\"http://a:2379\"]\nlease_ttl = \"2500ms\"\n",
			"jalon.toml:4: storage.lease_ttl: 2.5s is not whole seconds: etcd grants leases by the second"},
		{"lease too short", etcd + "endpoints = [\"http://a:2379\"]\nlease_ttl = \"1s\"\n",
			`jalon.toml:4: storage.lease_ttl: 1s is out of range: between "2s" (etcd's shortest lease) and "1m0s"`},
		{"lease too long", etcd + "endpoints = [\"http://a:2379\"]\nlease_ttl = \"5m\"\n", "jalon.toml:4: storage.lease_ttl: 5m0s is out of range"},
		{"lease not a duration", etcd + "endpoints = [\"http://a:2379\"]\nlease_ttl = 5\n", "jalon.toml:4: storage.lease_ttl: must be a duration string"},
		{"high water as a percentage", etcd + "endpoints = [\"http://a:2379\"]\nquota_high_water = 90\n",
			"jalon.toml:4: storage.quota_high_water: 90 is out of range: a fraction of the quota between 0.5 and 1, e.g. 0.9"},
		{"high water as text", etcd + "endpoints = [\"http://a:2379\"]\nquota_high_water = \"90%\"\n", "jalon.toml:4: storage.quota_high_water: must be a number"},
		{"quota as text", etcd + "endpoints = [\"http://a:2379\"]\nquota_bytes = \"8GiB\"\n",
			"jalon.toml:4: storage.quota_bytes: must be an integer number of bytes, as etcd's --quota-backend-bytes"},
		{"quota zero", etcd + "endpoints = [\"http://a:2379\"]\nquota_bytes = 0\n", "jalon.toml:4: storage.quota_bytes: must be a positive number of bytes"},
		{"lease with bolt", "[storage]\nlease_ttl = \"5s\"\n", `jalon.toml:2: storage.lease_ttl: only with backend = "etcd"`},
		{"unknown key", etcd + "endpoints = [\"http://a:2379\"]\nquorum = 2\n", "jalon.toml:4: storage.quorum: unknown key"},
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
