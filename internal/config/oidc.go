package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// CallbackPath is where jalond receives the OpenID provider's answer: the
// path of OIDC.RedirectURL.
const CallbackPath = "/login/callback"

// DefaultSessionDuration is how long a login to the pages lasts.
const DefaultSessionDuration = 8 * time.Hour

// OIDC is the [oidc] table: the pages' login through an OpenID Connect
// provider (ProConnect, Keycloak, …). The zero OIDC means no login.
type OIDC struct {
	IssuerURL    string
	ClientID     string
	ClientSecret Secret // from client_secret_file; empty for a public client (PKCE alone)
	RedirectURL  string // ends in CallbackPath
	// SessionKey signs the session cookies; empty: a key generated once and
	// kept in the store.
	SessionKey      Secret
	SessionDuration time.Duration
	Grants          []Grant
}

// Enabled reports whether the pages have a login.
func (o OIDC) Enabled() bool { return o.IssuerURL != "" }

// Grant gives scopes to the people whose ID token or user info has the
// claim with the value (one of its values, for a list such as groups).
type Grant struct {
	Claim, Value string
	Scopes       []Scope
}

type oidcFile struct {
	IssuerURL        value       `toml:"issuer_url"`
	ClientID         value       `toml:"client_id"`
	ClientSecretFile value       `toml:"client_secret_file"`
	RedirectURL      value       `toml:"redirect_url"`
	SessionKeyFile   value       `toml:"session_key_file"`
	SessionDuration  value       `toml:"session_duration"`
	Grant            []grantFile `toml:"grant"`
}

type grantFile struct {
	Claim  value `toml:"claim"`
	Value  value `toml:"value"`
	Scopes value `toml:"scopes"`
}

// oidc reads the [oidc] table; absent, it is the zero OIDC.
func (c *checker) oidc(f oidcFile, dir string) OIDC {
	if !f.IssuerURL.Set && !f.ClientID.Set && !f.RedirectURL.Set && len(f.Grant) == 0 {
		return OIDC{}
	}
	o := OIDC{
		IssuerURL: c.oidcURL("oidc.issuer_url", f.IssuerURL), ClientID: c.Str("oidc.client_id", f.ClientID, ""),
		ClientSecret:    c.fileSecret("oidc.client_secret_file", f.ClientSecretFile, dir),
		RedirectURL:     c.redirectURL("oidc.redirect_url", f.RedirectURL),
		SessionKey:      c.fileSecret("oidc.session_key_file", f.SessionKeyFile, dir),
		SessionDuration: c.Duration("oidc.session_duration", f.SessionDuration, DefaultSessionDuration),
		Grants:          c.grants(f.Grant),
	}
	if c.Required("oidc.client_id", f.ClientID) && o.ClientID == "" {
		c.Errorf("oidc.client_id", "must not be empty: the client id the provider registered for jalond")
	}
	if len(o.SessionKey) > 0 && len(o.SessionKey) < 32 {
		c.Errorf("oidc.session_key_file", "the key must be 32 characters or more (head -c 32 /dev/urandom | base64)")
	}
	if len(f.Grant) == 0 {
		c.Errorf("oidc", "no [[oidc.grant]]: nobody who logs in could read; give a claim's value scopes, "+
			`such as claim = "groups", value = "jalon-readers", scopes = ["read"]`)
	}
	return o
}

func (c *checker) oidcURL(path string, v value) string {
	if !c.Required(path, v) {
		return ""
	}
	s := c.Str(path, v, "")
	if !c.httpURL(path, s) {
		return ""
	}
	return strings.TrimSuffix(s, "/")
}

// redirectURL checks the URL the provider sends people back to: jalond's
// own, as the provider registered it, on CallbackPath.
func (c *checker) redirectURL(path string, v value) string {
	s := c.oidcURL(path, v)
	if s == "" {
		return ""
	}
	if u, _ := url.Parse(s); u.Path != CallbackPath {
		c.Errorf(path, "%q must have the path %s, where jalond receives the provider's answer (such as https://jalon.example.fr%s)", s, CallbackPath, CallbackPath)
		return ""
	}
	return s
}

// grants reads the [[oidc.grant]] tables.
func (c *checker) grants(fs []grantFile) []Grant {
	var out []Grant
	for i, f := range fs {
		p := fmt.Sprintf("oidc.grant[%d]", i)
		g := Grant{Claim: c.Str(p+".claim", f.Claim, ""), Value: c.Str(p+".value", f.Value, ""), Scopes: c.scopes(p+".scopes", f.Scopes)}
		if c.Required(p+".claim", f.Claim) && g.Claim == "" {
			c.Errorf(p+".claim", `must not be empty: a claim of the ID token such as "groups" or "email"`)
		}
		c.Required(p+".value", f.Value)
		out = append(out, g)
	}
	return out
}
