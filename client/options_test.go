package client_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/client"
	"github.com/jalonhq/jalon/internal/config"
)

func TestToken(t *testing.T) {
	url := newDaemon(t, config.Token{Name: "ops", Hash: config.HashToken("s3cret"), Scopes: []config.Scope{config.ScopeRead}}).serve(t)
	anon, _ := client.New(url, client.Options{})
	_, err := anon.Objectives(t.Context())
	if apiErr, ok := errors.AsType[*client.Error](err); !ok || apiErr.StatusCode != http.StatusUnauthorized || !apiErr.FromJalond {
		t.Errorf("Objectives without a token = %v, want jalond's 401", err)
	}
	ops, _ := client.New(url, client.Options{Token: "s3cret"})
	if _, err := ops.Objectives(t.Context()); err != nil {
		t.Errorf("Objectives with the token: %v", err)
	}
	_, err = ops.Backup(t.Context())
	if apiErr, ok := errors.AsType[*client.Error](err); !ok || apiErr.StatusCode != http.StatusForbidden || apiErr.Body.Error != `token "ops" has no admin scope` {
		t.Errorf("Backup with a read token = %v, want a 403 naming the token", err)
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewTLSServer(newDaemon(t).mux)
	t.Cleanup(srv.Close)
	if c, _ := client.New(srv.URL, client.Options{}); c != nil {
		if _, err := c.Pullers(t.Context()); !errors.As(err, new(*client.TransportError)) {
			t.Errorf("Pullers over TLS without the CA = %v, want a transport error", err)
		}
	}
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	c, err := client.New(srv.URL, client.Options{TLS: &tls.Config{RootCAs: roots}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Pullers(t.Context()); err != nil {
		t.Errorf("Pullers over TLS with the CA: %v", err)
	}
}

func TestTransportErrors(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(slow.Close)
	c, _ := client.New(slow.URL, client.Options{Timeout: 20 * time.Millisecond})
	_, err := c.Objectives(t.Context())
	if te, ok := errors.AsType[*client.TransportError](err); !ok || !te.Timeout() || te.Path != "/api/v1/objectives" || strings.Contains(te.Error(), slow.URL) {
		t.Errorf("Objectives of a daemon that never answers = %v, want a timeout naming the path, not the URL", err)
	}
	plain := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(plain.Close)
	c, _ = client.New(plain.URL, client.Options{})
	_, err = c.Alerts(t.Context(), client.AlertQuery{})
	if apiErr, ok := errors.AsType[*client.Error](err); !ok || apiErr.FromJalond || apiErr.Body.Error != "404 page not found" {
		t.Errorf("Alerts of a server that is not jalond = %#v, want a 404 not from jalond, with its text", err)
	}
}

func TestNewRefusesBaseURL(t *testing.T) {
	for _, base := range []string{"localhost:9721", "127.0.0.1:9721", "ftp://host", "http://"} {
		if _, err := client.New(base, client.Options{}); err == nil || !strings.Contains(err.Error(), "want http:// or https://") {
			t.Errorf("New(%q) = %v, want a refusal that says what to write", base, err)
		}
	}
}
