package server

import (
	"net"
	"net/http"
	"strings"

	"github.com/jalonhq/jalon/config"
)

// principal is who made a request: a configured token, or, when no token is
// configured, an anonymous client that is trusted only on loopback.
type principal struct {
	token    *config.Token
	loopback bool
}

func (p principal) name() string {
	if p.token == nil {
		return "anonymous"
	}
	return p.token.Name
}

func (p principal) admin() bool { return p.loopback || (p.token != nil && p.token.IsAdmin()) }

func (p principal) canRead() bool { return p.loopback || (p.token != nil && p.token.CanRead()) }

func (p principal) canWrite(indicator string) bool {
	return p.loopback || (p.token != nil && p.token.CanWrite(indicator))
}

func (p principal) writesAny() bool {
	if p.admin() {
		return true
	}
	if p.token == nil {
		return false
	}
	for _, s := range p.token.Scopes {
		if strings.HasPrefix(string(s), "write:") {
			return true
		}
	}
	return false
}

// authenticator maps bearer tokens to principals.
type authenticator struct {
	tokens []config.Token
}

// open reports whether no token is configured, in which case writes are
// accepted from loopback only and reads from anywhere.
func (a *authenticator) open() bool { return len(a.tokens) == 0 }

// authenticate returns the request's principal; ok is false when a token was
// needed and is missing or wrong.
func (a *authenticator) authenticate(r *http.Request) (principal, bool) {
	if a.open() {
		return principal{loopback: isLoopback(r.RemoteAddr)}, true
	}
	secret, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !found || secret == "" {
		return principal{}, false
	}
	var match *config.Token
	// Every token is compared, so the time taken does not tell which matched.
	for i := range a.tokens {
		if a.tokens[i].Matches(secret) {
			match = &a.tokens[i]
		}
	}
	if match == nil {
		return principal{}, false
	}
	return principal{token: match}, true
}

func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
