package api

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/jalonhq/jalon/internal/config"
)

// principal is who made a request: a configured token, or, when no token is
// configured, an anonymous client that is trusted only on loopback.
type principal struct {
	token    *config.Token
	loopback bool
	// foreignHost is the Host a loopback client named jalond by, when it is
	// not a name of this machine: trust is then withheld (see trustedHost).
	foreignHost string
}

// refusal says why an anonymous client may not do what (writes, admin
// requests) when no token is configured.
func (p principal) refusal(what string) string {
	if p.foreignHost != "" {
		return fmt.Sprintf("no tokens are configured: %s are accepted from loopback clients that name this server "+
			"by localhost, an IP address or its host name, not %q; configure tokens to serve other names", what, p.foreignHost)
	}
	return "no tokens are configured: " + what + " are accepted from loopback only"
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

func (p principal) canAssess(objective string) bool {
	return p.loopback || (p.token != nil && p.token.CanAssess(objective))
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

// authenticator maps bearer tokens, basic-auth users and login sessions to
// principals.
type authenticator struct {
	tokens    []config.Token
	people    credentials
	hostNames []string // this machine's names, lower case: os.Hostname and its first label
}

func newAuthenticator(tokens []config.Token, people credentials) *authenticator {
	a := &authenticator{tokens: tokens, people: people}
	if h, err := os.Hostname(); err == nil && h != "" {
		h = strings.ToLower(h)
		a.hostNames = append(a.hostNames, h)
		if short, _, ok := strings.Cut(h, "."); ok {
			a.hostNames = append(a.hostNames, short)
		}
	}
	return a
}

// open reports whether no token, basic-auth user or login is configured, in
// which case writes are accepted from loopback only and reads from anywhere.
func (a *authenticator) open() bool { return len(a.tokens) == 0 && a.people.none() }

// authenticate returns the request's principal; ok is false when a token was
// needed and is missing or wrong.
func (a *authenticator) authenticate(r *http.Request) (principal, bool) {
	if a.open() {
		if !isLoopback(r.RemoteAddr) {
			return principal{}, true
		}
		if !a.trustedHost(r.Host) {
			return principal{foreignHost: r.Host}, true
		}
		return principal{loopback: true}, true
	}
	h := r.Header.Get("Authorization")
	switch {
	case hasScheme(h, "Bearer"):
		return a.bearer(h[len("Bearer "):])
	case hasScheme(h, "Basic"):
		return a.people.basic(r)
	case h == "":
		return a.people.session(r)
	}
	return principal{}, false
}

// bearer authenticates a token's secret.
func (a *authenticator) bearer(secret string) (principal, bool) {
	if secret == "" {
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

// trustedHost reports whether host (a request's Host header) names this
// machine. A web page on another site can reach a daemon on loopback
// through the browser, under its own domain name made to resolve to
// 127.0.0.1 (DNS rebinding): such a request comes from loopback but names
// a foreign host, and must not get loopback's trust. An IP address cannot
// be rebound, and the machine's own name is what local tools use.
func (a *authenticator) trustedHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	switch {
	case host == "", host == "localhost", strings.HasSuffix(host, ".localhost"), net.ParseIP(host) != nil:
		return true
	}
	for _, name := range a.hostNames {
		if host == name {
			return true
		}
	}
	return false
}

func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CrossOriginRefused answers a write a browser sent from another site's
// page.
func CrossOriginRefused() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, fmt.Sprintf("cross-origin request refused: a page on another site may not %s %s; "+
			"send it from jalond's own pages or from a tool such as curl or jalonctl", r.Method, r.URL.Path))
	})
}

// CrossOriginGuarded applies cop to h whatever the request's method. cop
// lets every GET through, as reads are meant to be; but some GETs act or
// cost (a CPU profile, a trace, a backup of the whole store) and, when no
// token is configured, a page on another site could make a visitor's
// browser on the same machine start them.
func CrossOriginGuarded(cop *http.CrossOriginProtection, deny, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// cop judges only unsafe methods: ask it as if this were a POST.
		asWrite := r.WithContext(r.Context())
		asWrite.Method = http.MethodPost
		if err := cop.Check(asWrite); err != nil {
			deny.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
