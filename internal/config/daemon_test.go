package config

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func TestLoadDaemonExample(t *testing.T) {
	data, err := os.ReadFile("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseDaemon(tomlcheck.Source{Name: "testdata/example.toml", Data: data})
	if err != nil {
		t.Fatalf("ParseDaemon(example.toml) = %v", err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	want := &Daemon{
		ListenAddress:      ":9721",
		StoragePath:        "/var/lib/jalon",
		Storage:            Storage{Backend: BackendBolt},
		CatalogFiles:       []string{"testdata/catalogs/regional-targets.toml"},
		EmbeddedCatalog:    true,
		Timezone:           paris,
		Language:           indicators.French,
		EvaluationInterval: time.Minute,
		Tokens: []Token{
			{Name: "grafana", Hash: "sha256:3f1c7c4fa1ae2a1d9f6a6cf0c0f3a4c8f5e1f0c4f9b2e6d1a7c3b5e9d2f4a6c8", Scopes: []Scope{"read"}},
			{Name: "cnam-mes-export", Hash: "sha256:9a4b2c1d0e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b", Scopes: []Scope{"write:mes_*"}},
			{Name: "ops", Hash: "sha256:0b5e2d7c9a1f3e6b8d4c2a0f7e5d3b1c9a8f6e4d2c0b7a5f3e1d9c8b6a4f2e0d", Scopes: []Scope{"admin"}},
		},
		WebUsers: []WebUser{{Name: "comite", Scopes: []Scope{"read"}}},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("LoadDaemon(example.toml) =\n%+v\nwant\n%+v", d, want)
	}
}

// TestDocsExample keeps docs/configuration.md's example and the tested file
// the same.
func TestDocsExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, block, _ := strings.Cut(string(doc), "## Complete example")
	_, block, _ = strings.Cut(block, "```toml\n")
	block, _, _ = strings.Cut(block, "```")
	if block != string(example) {
		t.Errorf("docs/configuration.md example differs from config/testdata/example.toml")
	}
}

func TestParseDaemonDefaults(t *testing.T) {
	d, err := ParseDaemon(tomlcheck.Source{Name: "/etc/jalon/jalon.toml"})
	if err != nil {
		t.Fatal(err)
	}
	if d.ListenAddress != DefaultListenAddress || d.StoragePath != "data" || d.Timezone.String() != "Europe/Paris" ||
		d.EvaluationInterval != time.Minute || !d.EmbeddedCatalog || len(d.Tokens) != 0 {
		t.Errorf("ParseDaemon(empty) = %+v, want the defaults", d)
	}
}

func TestLoadDaemonMissing(t *testing.T) {
	_, err := LoadDaemon("testdata/none.toml")
	if err == nil || !strings.HasPrefix(err.Error(), "load config testdata/none.toml: ") {
		t.Errorf("LoadDaemon(missing) = %v, want load config testdata/none.toml: …", err)
	}
}

const hashA = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

func TestParseDaemonProblems(t *testing.T) {
	tests := []problemCase{
		{"unknown keys", "listen_adress = \":1\"\n[tls]\nca_file = \"x\"\n[[pullers]]\nname = \"x\"\n", []string{
			`jalon.toml:1: listen_adress: unknown key`,
			`jalon.toml:3: tls.ca_file: unknown key`,
			`jalon.toml:4: pullers: unknown key`,
		}},
		{"listen address", "listen_address = \"localhost\"\n", []string{`jalon.toml:1: listen_address: "localhost" is not a host:port address`}},
		{"listen address of the wrong type", "listen_address = 9721\n", []string{`jalon.toml:1: listen_address: must be a string, not integer`}},
		{"listen port", "listen_address = \"localhost:99999\"\n", []string{`jalon.toml:1: listen_address: "localhost:99999" has no valid port number`}},
		{"time zone", "timezone = \"Europe/Pariss\"\n", []string{`jalon.toml:1: timezone: unknown time zone "Europe/Pariss"`}},
		{"interval", "evaluation_interval = \"0s\"\nstorage_path = \"\"\n", []string{
			`jalon.toml:1: evaluation_interval: "0s" must be positive`,
			`jalon.toml:2: storage_path: must not be empty`,
		}},
		{"negative durations", "evaluation_interval = \"-5m\"\n[alerting]\nresend_delay = \"-1h30m\"\nresolved_retention = \"-x\"\n", []string{
			`jalon.toml:1: evaluation_interval: "-5m" must be positive`,
			`jalon.toml:3: alerting.resend_delay: "-1h30m" must be positive`,
			`jalon.toml:4: alerting.resolved_retention: "-x" is not a duration (Go units such as "36h" plus d and w: "90d", "2w")`,
		}},
		{"interval below the minimum", "evaluation_interval = \"1ms\"\n", []string{
			`jalon.toml:1: evaluation_interval: "1ms" is shorter than the minimum, 1s`,
		}},
		{"types", "embedded_catalog = \"yes\"\ncatalog_files = \"a.toml\"\n", []string{
			`jalon.toml:1: embedded_catalog: must be true or false, not string`,
			`jalon.toml:2: catalog_files: must be an array of strings, not string`,
		}},
		{"tls table", "[tls]\ncert_file = \"/etc/c.pem\"\n", []string{`jalon.toml:2: tls.cert_file: the [tls] table is no longer read: ` +
			`remove it, start jalond with --web.config.file=web.yml and write in web.yml (YAML, as for Prometheus): ` +
			`tls_server_config: {cert_file: "/etc/c.pem", key_file: ""}`}},
		{"web users", "[[web_user]]\nname = \"a\"\nscopes = [\"root\"]\n[[web_user]]\nname = \"a\"\nscopes = [\"read\"]\n", []string{
			`jalon.toml:3: web_user.scopes[0]: unknown scope "root" (one of "read", "admin", "write:<glob>" such as "write:mes_*", "assess:<glob>" such as "assess:1-*")`,
			`jalon.toml:5: web_user.name: duplicate web user "a" (first at line 2)`,
		}},
		{"secret in clear", "[[token]]\nname = \"a\"\nhash = \"s3cr3t-value\"\nscopes = [\"read\"]\n", []string{
			`jalon.toml:3: token.hash: must be "sha256:" and 64 lowercase hex digits, the hash of the secret (jalonctl config hash-token); never the secret itself`,
		}},
		{"scopes", "[[token]]\nname = \"a\"\nhash = \"" + hashA + "\"\nscopes = [\"read\", \"write\", \"write:[\", \"root\"]\n", []string{
			`jalon.toml:4: token.scopes[1]: unknown scope "write" (one of "read", "admin", "write:<glob>" such as "write:mes_*", "assess:<glob>" such as "assess:1-*")`,
			`jalon.toml:4: token.scopes[2]: unknown scope "write:[" (one of "read", "admin", "write:<glob>" such as "write:mes_*", "assess:<glob>" such as "assess:1-*")`,
			`jalon.toml:4: token.scopes[3]: unknown scope "root" (one of "read", "admin", "write:<glob>" such as "write:mes_*", "assess:<glob>" such as "assess:1-*")`,
		}},
		{"scopes repeated or not strings", "[[token]]\nname = \"a\"\nhash = \"" + hashA + "\"\nscopes = [\"read\", \"read\", 5]\n", []string{
			`jalon.toml:4: token.scopes[1]: "read" is listed twice (first at index 0)`,
			`jalon.toml:4: token.scopes[2]: must be a string, not an integer`,
		}},
		{"empty catalog file", "catalog_files = [\n  \"../catalogfile/testdata/base.toml\",\n  \"\",\n]\n", []string{
			`jalon.toml:3: catalog_files[1]: must not be empty`,
		}},
		{"duplicates and missing", "[[token]]\nname = \"a\"\nhash = \"" + hashA + "\"\nscopes = []\n\n[[token]]\nname = \"a\"\nhash = \"" + hashA + "\"\n", []string{
			`jalon.toml:4: token.scopes: a token needs at least one scope`,
			`jalon.toml:6: token.scopes: required key missing`,
			`jalon.toml:7: token.name: duplicate token name "a" (first at line 2)`,
			`jalon.toml:8: token.hash: same hash as the token at line 3: give each user its own token`,
		}},
		{"syntax", "listen_address = 127.0.0.1:9712\n", []string{
			`jalon.toml:1: listen_address: Invalid float value: "127.0.0.1" (column 18)`,
		}},
		{"syntax error at the end of a line", "listen_address = \":1\"\n\n[tls\ncert_file = \"x\"\n", []string{
			`jalon.toml:3: expected '.' or ']' to end table name, but got '\n' instead (column 5)`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			probs := daemonProblems(t, tc.toml, tc.want)
			checkLines(t, tc.toml, probs)
		})
	}
}

func TestHashToken(t *testing.T) {
	if got := HashToken("abc"); got != hashA {
		t.Errorf("HashToken(abc) = %s, want %s", got, hashA)
	}
	if !validHash(HashToken("anything")) {
		t.Errorf("validHash(HashToken(anything)) = false, want true")
	}
}

func TestTokenScopes(t *testing.T) {
	tests := []struct {
		name                  string
		scopes                []Scope
		read, admin, mes, ins bool
	}{
		{"read only", []Scope{"read"}, true, false, false, false},
		{"write glob", []Scope{"write:mes_*"}, false, false, true, false},
		{"write all and read", []Scope{"read", "write:*"}, true, false, true, true},
		{"admin", []Scope{"admin"}, true, true, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := Token{Name: "t", Hash: HashToken("s"), Scopes: tc.scopes}
			got := []bool{tok.CanRead(), tok.IsAdmin(), tok.CanWrite("mes_documents_per_year"), tok.CanWrite("ins_qualified")}
			if want := []bool{tc.read, tc.admin, tc.mes, tc.ins}; !reflect.DeepEqual(got, want) {
				t.Errorf("CanRead, IsAdmin, CanWrite(mes_…), CanWrite(ins_…) = %v, want %v", got, want)
			}
			if !tok.Matches("s") || tok.Matches("t") {
				t.Errorf("Matches(s), Matches(t) = %v, %v; want true, false", tok.Matches("s"), tok.Matches("t"))
			}
		})
	}
}
