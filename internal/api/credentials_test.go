package api

import (
	"net/http"
	"testing"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/store"
)

// passwordList is the web configuration file's users, in clear for the test.
type passwordList map[string]string

func (p passwordList) Check(user, password string) bool { return p[user] != "" && p[user] == password }

// cookieSessions opens a session for the cookie "session=NAME".
type cookieSessions map[string][]config.Scope

func (s cookieSessions) Session(r *http.Request) (string, []config.Scope, bool) {
	c, err := r.Cookie("session")
	if err != nil {
		return "", nil, false
	}
	scopes, ok := s[c.Value]
	return c.Value, scopes, ok
}

// TestPeopleCredentials gives basic-auth users their [[web_user]] scopes
// and login sessions theirs, beside bearer tokens, and closes the
// deployment though no token is configured.
func TestPeopleCredentials(t *testing.T) {
	h := newHarnessAt(t, testNow, store.Options{}, Options{
		WebUsers:  []config.WebUser{{Name: "comite", Scopes: []config.Scope{config.ScopeRead}}},
		Passwords: passwordList{"comite": "pw", "stranger": "pw"},
		Sessions:  cookieSessions{"alice": {config.ScopeRead}, "bob": {"write:mes_*"}},
	})
	mes := item(`{"indicator":"` + ind11 + `","time":"2024-01-31","value":1}`)
	read := "/api/v1/indicators/" + ind11
	tests := []struct {
		name, method, path string
		header             []string
		code               int
	}{
		{"nothing, from loopback", "GET", read, nil, 401},
		{"push from loopback", "POST", "/api/v1/measurements", nil, 401},
		{"basic user with read", "GET", read, []string{"Authorization", "Basic Y29taXRlOnB3"}, 200},                // comite:pw
		{"basic user, wrong password", "GET", read, []string{"Authorization", "Basic Y29taXRlOm5v"}, 401},          // comite:no
		{"basic user without [[web_user]]", "GET", read, []string{"Authorization", "Basic c3RyYW5nZXI6cHc="}, 403}, // stranger:pw
		{"session with read", "GET", read, []string{"Cookie", "session=alice"}, 200},
		{"session without read", "GET", read, []string{"Cookie", "session=bob"}, 403},
		{"session pushes in its scope", "POST", "/api/v1/measurements", []string{"Cookie", "session=bob"}, 200},
		{"unknown session", "GET", read, []string{"Cookie", "session=eve"}, 401},
		{"a header wins over the session", "GET", read, []string{"Cookie", "session=alice", "Authorization", "Bearer nope"}, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := "", ""
			if tt.method == "POST" {
				body, ct = mes, "application/json"
			}
			w := h.do(t, tt.method, tt.path, ct, body, tt.header...)
			if w.Code != tt.code {
				t.Fatalf("%s %s = %d %s, want %d", tt.method, tt.path, w.Code, w.Body, tt.code)
			}
			if w.Code == 401 && len(w.Header().Values("WWW-Authenticate")) != 2 {
				t.Errorf("401 challenges = %q, want Bearer and Basic", w.Header().Values("WWW-Authenticate"))
			}
		})
	}
}
