// Package login is the web pages' login through an OpenID Connect provider
// (ProConnect, Keycloak, …): the authorization-code flow with state, nonce
// and PKCE, the claims mapped to scopes by the [oidc] table's grants, and
// the signed session cookie the API's authenticator then reads. Machines
// keep their bearer tokens.
package login

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/jalonhq/jalon/internal/config"
)

// The cookies: the session, and the flow in progress between the redirect
// to the provider and its answer.
const (
	sessionCookie = "jalon_session"
	flowCookie    = "jalon_login"
	flowDuration  = 10 * time.Minute
)

// Options configure a Login. Config and Key are required.
type Options struct {
	Config config.OIDC
	Key    []byte // signs the cookies; 32 bytes or more
	Secure bool   // cookies sent over HTTPS only: jalond serves TLS
	Client *http.Client
	Logger *slog.Logger
	Now    func() time.Time
}

// Login serves the login routes and recognises the sessions it opened.
type Login struct {
	opts   Options
	sealer sealer

	mu       sync.Mutex
	provider *oidc.Provider // discovered at the first login, so that jalond starts while the provider is away
}

// New returns the login of opts.Config.
func New(opts Options) (*Login, error) {
	if !opts.Config.Enabled() || len(opts.Key) < 32 {
		return nil, errors.New("new login: Options.Config and a Key of 32 bytes or more are required")
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Login{opts: opts, sealer: sealer{key: opts.Key, now: opts.Now}}, nil
}

// flow is what the callback must find again: the values sent to the
// provider, and the page to return to.
type flow struct {
	State, Nonce, Verifier, Next string
}

// session is a person logged in.
type session struct {
	Name   string
	Scopes []config.Scope
}

// Session returns who is logged in on r and their scopes; it is the API's
// Sessions.
func (l *Login) Session(r *http.Request) (name string, scopes []config.Scope, ok bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return "", nil, false
	}
	s, ok := unseal[session](l.sealer, c.Value)
	return s.Name, s.Scopes, ok
}

// User names who is logged in on r, "" for nobody: the pages' Login.
func (l *Login) User(r *http.Request) string {
	if name, _, ok := l.Session(r); ok {
		return name
	}
	return ""
}

// discover returns the provider, read from its discovery document once.
func (l *Login) discover(ctx context.Context) (*oidc.Provider, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.provider != nil {
		return l.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, l.opts.Client), l.opts.Config.IssuerURL)
	if err != nil {
		return nil, fmt.Errorf("discover OpenID provider %s: %w", l.opts.Config.IssuerURL, err)
	}
	l.provider = p
	return p, nil
}

func (l *Login) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: l.opts.Config.ClientID, ClientSecret: string(l.opts.Config.ClientSecret),
		RedirectURL: l.opts.Config.RedirectURL, Endpoint: p.Endpoint(),
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"},
	}
}

// setCookie sets a cookie for maxAge; a negative maxAge deletes it.
func (l *Login) setCookie(w http.ResponseWriter, name, value, path string, maxAge time.Duration) {
	seconds := int(maxAge.Seconds())
	if maxAge < 0 {
		seconds = -1
	}
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: seconds,
		HttpOnly: true, Secure: l.opts.Secure,
		// Lax: the provider's redirect back is a top-level GET from another
		// site, which must carry the flow cookie; other sites' requests
		// that change something must not carry the session.
		SameSite: http.SameSiteLaxMode,
	})
}

// localPath keeps next to a path of this server, so that the login cannot
// be used to send people to another site.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
