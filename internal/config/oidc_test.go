package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func TestParseOIDC(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "secret"), "s3cret\n")
	text := "[oidc]\nissuer_url = \"https://idp.example.fr/\"\nclient_id = \"jalon\"\nclient_secret_file = \"secret\"\n" +
		"redirect_url = \"https://jalon.example.fr/login/callback\"\n[[oidc.grant]]\nclaim = \"groups\"\nvalue = \"readers\"\nscopes = [\"read\"]\n"
	d, err := ParseDaemon(tomlcheck.Source{Name: filepath.Join(dir, "jalon.toml"), Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	want := OIDC{IssuerURL: "https://idp.example.fr", ClientID: "jalon", ClientSecret: "s3cret",
		RedirectURL: "https://jalon.example.fr/login/callback", SessionDuration: DefaultSessionDuration,
		Grants: []Grant{{Claim: "groups", Value: "readers", Scopes: []Scope{"read"}}}}
	if !reflect.DeepEqual(d.OIDC, want) || !d.OIDC.Enabled() {
		t.Errorf("OIDC = %+v, want %+v", d.OIDC, want)
	}
	if d, _ := ParseDaemon(tomlcheck.Source{Name: "jalon.toml"}); d.OIDC.Enabled() {
		t.Errorf("OIDC without [oidc] is enabled")
	}
}

func TestParseOIDCProblems(t *testing.T) {
	tests := []struct {
		name, toml string
		want       []string
	}{
		{"nothing but the table's issuer", "[oidc]\nissuer_url = \"idp.example.fr\"\n", []string{
			`jalon.toml:1: oidc.redirect_url: required key missing`,
			`jalon.toml:1: oidc.client_id: required key missing`,
			`jalon.toml:1: oidc: no [[oidc.grant]]: nobody who logs in could read; give a claim's value scopes, such as claim = "groups", value = "jalon-readers", scopes = ["read"]`,
			`jalon.toml:2: oidc.issuer_url: "idp.example.fr" is not an absolute http:// or https:// URL`,
		}},
		{"redirect elsewhere, short key, bad grant", "[oidc]\nissuer_url = \"https://idp\"\nclient_id = \"jalon\"\n" +
			"redirect_url = \"https://jalon.example.fr/callback\"\nsession_key_file = \"key\"\n[[oidc.grant]]\nclaim = \"\"\nvalue = \"x\"\nscopes = [\"root\"]\n", []string{
			`jalon.toml:4: oidc.redirect_url: "https://jalon.example.fr/callback" must have the path /login/callback, where jalond receives the provider's answer (such as https://jalon.example.fr/login/callback)`,
			`jalon.toml:5: oidc.session_key_file: the key must be 32 characters or more (head -c 32 /dev/urandom | base64)`,
			`jalon.toml:7: oidc.grant.claim: must not be empty: a claim of the ID token such as "groups" or "email"`,
			`jalon.toml:9: oidc.grant.scopes[0]: unknown scope "root" (one of "read", "admin", "write:<glob>" such as "write:mes_*", "assess:<glob>" such as "assess:1-*")`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "key"), "too short\n")
			_, err := ParseDaemon(tomlcheck.Source{Name: filepath.Join(dir, "jalon.toml"), Data: []byte(tc.toml)})
			want := strings.ReplaceAll(strings.Join(tc.want, "\n"), "jalon.toml:", filepath.Join(dir, "jalon.toml")+":")
			if err == nil || err.Error() != want {
				t.Errorf("ParseDaemon() problems:\n%v\nwant:\n%s", err, want)
			}
		})
	}
}
