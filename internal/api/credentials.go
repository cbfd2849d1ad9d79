package api

import (
	"net/http"
	"strings"

	"github.com/jalonhq/jalon/internal/config"
)

// Passwords checks the basic-auth passwords of the web configuration file
// (--web.config.file), whose users get the scopes of their [[web_user]].
type Passwords interface {
	Check(user, password string) bool
}

// Sessions recognises the login session a request carries, from the pages'
// OpenID Connect login: who, and the scopes their claims were given.
type Sessions interface {
	Session(r *http.Request) (name string, scopes []config.Scope, ok bool)
}

// credentials are the ways a person proves who they are, beside the bearer
// tokens of machines: a basic-auth user, a login session.
type credentials struct {
	passwords Passwords
	users     map[string][]config.Scope
	sessions  Sessions
}

func newCredentials(opts Options) credentials {
	c := credentials{passwords: opts.Passwords, sessions: opts.Sessions, users: map[string][]config.Scope{}}
	for _, u := range opts.WebUsers {
		c.users[u.Name] = u.Scopes
	}
	return c
}

func (c credentials) none() bool { return c.passwords == nil && c.sessions == nil }

// basic authenticates a basic-auth user. A user the web configuration file
// knows but no [[web_user]] names is authenticated with no scope.
func (c credentials) basic(r *http.Request) (principal, bool) {
	user, password, ok := r.BasicAuth()
	if !ok || c.passwords == nil || !c.passwords.Check(user, password) {
		return principal{}, false
	}
	return principal{token: &config.Token{Name: user, Scopes: c.users[user]}}, true
}

// session authenticates the login session of a browser.
func (c credentials) session(r *http.Request) (principal, bool) {
	if c.sessions == nil {
		return principal{}, false
	}
	name, scopes, ok := c.sessions.Session(r)
	if !ok {
		return principal{}, false
	}
	return principal{token: &config.Token{Name: name, Scopes: scopes}}, true
}

// hasScheme reports whether the Authorization header h uses scheme, whose
// name is case-insensitive (RFC 9110, section 11.1).
func hasScheme(h, scheme string) bool {
	return len(h) > len(scheme) && strings.EqualFold(h[:len(scheme)], scheme) && h[len(scheme)] == ' '
}
