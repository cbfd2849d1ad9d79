package login

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Start serves GET /login: it sends the browser to the provider, with a
// new state, nonce and PKCE challenge kept in the flow cookie.
func (l *Login) Start() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := l.discover(r.Context())
		if err != nil {
			l.opts.Logger.Error("login", "err", err)
			http.Error(w, "the login provider cannot be reached; try again later, or tell the administrator: "+err.Error(), http.StatusBadGateway)
			return
		}
		f := flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(), Next: localPath(r.URL.Query().Get("next"))}
		l.setCookie(w, flowCookie, seal(l.sealer, f, flowDuration), "/login", flowDuration)
		http.Redirect(w, r, l.oauth(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), http.StatusFound)
	})
}

// Callback serves GET /login/callback, where the provider sends the browser
// back: the code is exchanged, the ID token checked, its claims mapped to
// scopes, and a session opened for those who get at least one.
func (l *Login) Callback() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := l.flowOf(w, r)
		if !ok {
			return
		}
		claims, err := l.claims(r.Context(), r.URL.Query().Get("code"), f)
		if err != nil {
			l.opts.Logger.Warn("login refused", "err", err)
			http.Error(w, "login failed: "+err.Error(), http.StatusBadGateway)
			return
		}
		s := session{Name: nameOf(claims), Scopes: scopesOf(l.opts.Config.Grants, claims)}
		if len(s.Scopes) == 0 {
			l.opts.Logger.Info("login without scope", "user", s.Name)
			http.Error(w, fmt.Sprintf("%s has logged in but may not use Jalon: no [[oidc.grant]] of its configuration matches "+
				"this account's claims; ask its administrator for access", s.Name), http.StatusForbidden)
			return
		}
		l.opts.Logger.Info("login", "user", s.Name, "scopes", s.Scopes)
		l.setCookie(w, sessionCookie, seal(l.sealer, s, l.opts.Config.SessionDuration), "/", l.opts.Config.SessionDuration)
		http.Redirect(w, r, f.Next, http.StatusSeeOther)
	})
}

// flowOf returns the flow this browser started, if the provider's answer
// is for it (the state matches, so another site cannot log the browser in
// as someone else), and ends it; otherwise it answers the request.
func (l *Login) flowOf(w http.ResponseWriter, r *http.Request) (flow, bool) {
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		http.Error(w, fmt.Sprintf("the login provider refused: %s %s; go back to the pages to log in again", e, q.Get("error_description")), http.StatusForbidden)
		return flow{}, false
	}
	var f flow
	c, err := r.Cookie(flowCookie)
	ok := err == nil
	if ok {
		f, ok = unseal[flow](l.sealer, c.Value)
	}
	if !ok || q.Get("state") == "" || q.Get("state") != f.State {
		http.Error(w, "this login is not the one this browser started, or it took more than 10 minutes: log in again from the pages", http.StatusBadRequest)
		return flow{}, false
	}
	l.setCookie(w, flowCookie, "", "/login", -1)
	return f, true
}

// claims exchanges the code, checks the ID token (signature, issuer,
// audience, expiry, nonce) and returns its claims merged with the user
// info's, where providers often put groups.
func (l *Login) claims(ctx context.Context, code string, f flow) (map[string]any, error) {
	p, err := l.discover(ctx)
	if err != nil {
		return nil, err
	}
	ctx = oidc.ClientContext(ctx, l.opts.Client)
	tok, err := l.oauth(p).Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return nil, fmt.Errorf("exchange the code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return nil, fmt.Errorf("the provider sent no ID token")
	}
	id, err := p.Verifier(&oidc.Config{ClientID: l.opts.Config.ClientID, Now: l.opts.Now}).Verify(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("check the ID token: %w", err)
	}
	if id.Nonce != f.Nonce {
		return nil, fmt.Errorf("the ID token's nonce is not this login's")
	}
	claims := map[string]any{}
	if err := id.Claims(&claims); err != nil {
		return nil, fmt.Errorf("read the ID token's claims: %w", err)
	}
	if p.UserInfoEndpoint() != "" {
		info, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return nil, fmt.Errorf("read the user info: %w", err)
		}
		more := map[string]any{}
		if err := info.Claims(&more); err != nil {
			return nil, fmt.Errorf("read the user info's claims: %w", err)
		}
		maps.Copy(more, claims) // the signed ID token wins
		claims = more
	}
	return claims, nil
}

// Logout serves POST /logout: the session cookie is dropped. The session
// at the provider is left as it is.
func (l *Login) Logout() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.setCookie(w, sessionCookie, "", "/", -1)
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return strings.TrimRight(base64.RawURLEncoding.EncodeToString(b), "=")
}
