// Package oidcprovider is a real OpenID Connect provider for end-to-end
// tests, built from github.com/zitadel/oidc's op package over a small
// in-memory storage: one confidential client, users with passwords and
// groups, and a plain login form. Tests only: it keeps everything in
// memory and serves plain HTTP on 127.0.0.1.
package oidcprovider

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// User is a person the provider knows.
type User struct {
	Name, Password, Email string
	Groups                []string
}

// Client is the relying party registered with the provider.
type Client struct {
	ID, Secret  string
	RedirectURI string
}

// Provider is a running provider.
type Provider struct {
	Issuer string // http://127.0.0.1:PORT
}

// Start runs a provider on 127.0.0.1 until the test ends.
func Start(t testing.TB, client Client, users ...User) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	st := newStorage(key, client, users)
	var crypto [32]byte
	rand.Read(crypto[:])
	provider, err := op.NewProvider(&op.Config{
		CryptoKey: crypto, CodeMethodS256: true, AuthMethodPost: true,
		SupportedUILocales: []language.Tag{language.English},
	}, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	form := &loginForm{storage: st, callback: op.AuthCallbackURL(provider)}
	mux.Handle("GET /login/username", http.HandlerFunc(form.show))
	mux.Handle("POST /login/username", op.NewIssuerInterceptor(provider.IssuerFromRequest).HandlerFunc(form.check))
	mux.Handle("/", provider)
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &Provider{Issuer: issuer}
}

// loginForm is the provider's user interface: a user name and a password.
type loginForm struct {
	storage  *storage
	callback func(ctx context.Context, id string) string
}

var page = template.Must(template.New("login").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test provider login</title></head><body>
<h1>Test provider login</h1>{{with .Error}}<p id="error">{{.}}</p>{{end}}
<form method="post" action="/login/username">
<input type="hidden" name="id" value="{{.ID}}">
<label>User name <input id="username" name="username"></label>
<label>Password <input id="password" name="password" type="password"></label>
<button id="submit" type="submit">Log in</button>
</form></body></html>`))

func (f *loginForm) show(w http.ResponseWriter, r *http.Request) {
	page.Execute(w, map[string]string{"ID": r.URL.Query().Get("authRequestID")})
}

func (f *loginForm) check(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	if err := f.storage.login(id, r.FormValue("username"), r.FormValue("password")); err != nil {
		w.WriteHeader(http.StatusUnauthorized)
		page.Execute(w, map[string]string{"ID": id, "Error": fmt.Sprint(err)})
		return
	}
	http.Redirect(w, r, f.callback(r.Context(), id), http.StatusFound)
}
