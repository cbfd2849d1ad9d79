package login

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/config"
)

var key = []byte("0123456789abcdef0123456789abcdef")

func TestSeal(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := sealer{key: key, now: func() time.Time { return now }}
	text := seal(s, session{Name: "alice", Scopes: []config.Scope{"read"}}, time.Hour)
	if got, ok := unseal[session](s, text); !ok || got.Name != "alice" {
		t.Fatalf("unseal(seal(alice)) = %+v, %v", got, ok)
	}
	body, sig, _ := strings.Cut(text, ".")
	forged := seal(sealer{key: []byte("another key, another key, another"), now: s.now}, session{Name: "mallory", Scopes: []config.Scope{"admin"}}, time.Hour)
	tests := []struct{ name, text string }{
		{"altered value", strings.ToUpper(body[:1]) + body[1:] + "." + sig},
		{"signed with another key", forged},
		{"no signature", body},
		{"empty", ""},
	}
	for _, tc := range tests {
		if got, ok := unseal[session](s, tc.text); ok {
			t.Errorf("%s: unseal = %+v, true; want refused", tc.name, got)
		}
	}
	later := sealer{key: key, now: func() time.Time { return now.Add(time.Hour) }}
	if _, ok := unseal[session](later, text); ok {
		t.Errorf("unseal an hour later = ok, want expired")
	}
}

func TestScopesOf(t *testing.T) {
	grants := []config.Grant{
		{Claim: "groups", Value: "readers", Scopes: []config.Scope{"read"}},
		{Claim: "email", Value: "ops@example.org", Scopes: []config.Scope{"admin", "read"}},
		{Claim: "email_verified", Value: "true", Scopes: []config.Scope{"write:mes_*"}},
	}
	tests := []struct {
		name   string
		claims map[string]any
		want   []config.Scope
	}{
		{"a group among several", map[string]any{"groups": []any{"x", "readers"}}, []config.Scope{"read"}},
		{"a string claim", map[string]any{"email": "ops@example.org", "groups": []any{"readers"}}, []config.Scope{"read", "admin"}},
		{"a boolean claim", map[string]any{"email_verified": true}, []config.Scope{"write:mes_*"}},
		{"nothing matches", map[string]any{"groups": "writers", "email": "bob@example.org"}, nil},
	}
	for _, tc := range tests {
		if got := scopesOf(grants, tc.claims); !slices.Equal(got, tc.want) {
			t.Errorf("%s: scopesOf = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/alerts?lang=fr": "/alerts?lang=fr", "https://evil.example": "/",
		"//evil.example/": "/", "/\\evil.example": "/", "": "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCallbackRefusesForeignState refuses an answer that does not carry
// the state of the flow this browser started (login CSRF).
func TestCallbackRefusesForeignState(t *testing.T) {
	l, err := New(Options{Config: config.OIDC{IssuerURL: "http://127.0.0.1:1", ClientID: "jalon"}, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	f := seal(l.sealer, flow{State: "mine", Nonce: "n", Verifier: "v", Next: "/"}, flowDuration)
	for name, cookie := range map[string]string{"no flow cookie": "", "another state": f} {
		r := httptest.NewRequest(http.MethodGet, "/login/callback?state=theirs&code=c", nil)
		if cookie != "" {
			r.AddCookie(&http.Cookie{Name: flowCookie, Value: cookie})
		}
		w := httptest.NewRecorder()
		l.Callback().ServeHTTP(w, r)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "log in again") || len(w.Result().Cookies()) != 0 {
			t.Errorf("%s: callback = %d %q, cookies %v; want 400 asking to log in again, no session", name, w.Code, w.Body.String(), w.Result().Cookies())
		}
	}
}

// TestLogout drops the session cookie.
func TestLogout(t *testing.T) {
	l, err := New(Options{Config: config.OIDC{IssuerURL: "http://127.0.0.1:1", ClientID: "jalon"}, Key: key, Secure: true})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	l.Logout().ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/logout", nil))
	c := w.Result().Cookies()
	if len(c) != 1 || c[0].Name != sessionCookie || c[0].MaxAge >= 0 || !c[0].Secure || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode {
		t.Errorf("logout cookies = %+v, want %s deleted, Secure, HttpOnly, SameSite=Lax", c, sessionCookie)
	}
}
