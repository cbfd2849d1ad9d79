package main

import (
	"crypto/rand"
	"errors"
	"log/slog"

	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/login"
	"github.com/jalonhq/jalon/internal/pages"
	"github.com/jalonhq/jalon/store"
)

// sessionKeyName is the key, in the store's login bucket, of the key that
// signs login sessions when the configuration gives none.
const sessionKeyName = "session-key"

// newLogin builds the pages' login when [oidc] is configured, or nil.
func newLogin(cfg config.OIDC, tls bool, st store.Backend, logger *slog.Logger) (*login.Login, error) {
	if !cfg.Enabled() {
		return nil, nil
	}
	key, err := sessionKey(cfg, st)
	if err != nil {
		return nil, err
	}
	return login.New(login.Options{Config: cfg, Key: key, Secure: tls, Logger: logger})
}

// sessionKey returns the configured key, or the one kept in the store,
// made at the first start: sessions then outlive a restart without a key
// to manage.
func sessionKey(cfg config.OIDC, st store.Backend) ([]byte, error) {
	if cfg.SessionKey != "" {
		return []byte(cfg.SessionKey), nil
	}
	key, err := st.GetState(store.StateLogin, sessionKeyName)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return key, err
	}
	key = make([]byte, 32)
	rand.Read(key)
	return key, st.PutState(store.StateLogin, sessionKeyName, key)
}

// loginSessions gives the API the login's sessions, or nil without login
// (a nil *login.Login in an interface would not compare equal to nil).
func loginSessions(l *login.Login) api.Sessions {
	if l == nil {
		return nil
	}
	return l
}

// pagesLogin gives the pages the login, or nil without one.
func pagesLogin(l *login.Login) pages.Login {
	if l == nil {
		return nil
	}
	return l
}

// loginRoutes are the login's routes, public since they are how one
// logs in.
func loginRoutes(l *login.Login) []route {
	if l == nil {
		return nil
	}
	return []route{
		{"GET /login", public, l.Start()},
		{"GET " + config.CallbackPath, public, l.Callback()},
		{"POST /logout", public, l.Logout()},
	}
}
