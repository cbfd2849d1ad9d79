package config

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"path"
	"slices"
	"strings"
)

// Token is an API bearer token. Only the hash of its secret is configured,
// never the secret itself.
type Token struct {
	Name   string // who or what uses it, for audit logs
	Hash   string // HashToken of the secret: "sha256:<64 hex digits>"
	Scopes []Scope
}

// Scope grants a token access:
//   - "read": the query API;
//   - "write:<glob>": pushing measurements of the indicators whose id matches
//     the glob (path.Match syntax: "mes_*", "*");
//   - "assess:<glob>": recording owners' assessments of the objectives whose
//     id matches the glob ("1-*", "*");
//   - "admin": everything, read and write included.
type Scope string

// The scopes without argument, and the prefix of write scopes.
const (
	ScopeRead    Scope = "read"
	ScopeAdmin   Scope = "admin"
	writePrefix        = "write:"
	assessPrefix       = "assess:"
)

// HashToken returns the form in which a token secret is configured.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Matches reports whether secret is the token's secret, in constant time.
func (t Token) Matches(secret string) bool {
	return subtle.ConstantTimeCompare([]byte(HashToken(secret)), []byte(t.Hash)) == 1
}

// CanRead reports whether the token may use the query API.
func (t Token) CanRead() bool {
	return slices.Contains(t.Scopes, ScopeRead) || t.IsAdmin()
}

// IsAdmin reports whether the token may do everything.
func (t Token) IsAdmin() bool { return slices.Contains(t.Scopes, ScopeAdmin) }

// CanWrite reports whether the token may push measurements of the indicator.
func (t Token) CanWrite(indicator string) bool {
	return t.IsAdmin() || t.matches(writePrefix, indicator)
}

// CanAssess reports whether the token may record owners' assessments of
// the objective.
func (t Token) CanAssess(objective string) bool {
	return t.IsAdmin() || t.matches(assessPrefix, objective)
}

// matches reports whether a scope prefix:glob of the token matches id.
func (t Token) matches(prefix, id string) bool {
	for _, s := range t.Scopes {
		glob, ok := strings.CutPrefix(string(s), prefix)
		if ok {
			if m, _ := path.Match(glob, id); m {
				return true
			}
		}
	}
	return false
}

// validScope reports whether s is read, admin, or write: or assess: with a
// valid glob.
func validScope(s string) bool {
	if Scope(s) == ScopeRead || Scope(s) == ScopeAdmin {
		return true
	}
	glob, ok := strings.CutPrefix(s, writePrefix)
	if !ok {
		glob, ok = strings.CutPrefix(s, assessPrefix)
	}
	if !ok || glob == "" || strings.Contains(glob, "/") {
		return false
	}
	_, err := path.Match(glob, "")
	return err == nil
}

// validHash reports whether h is "sha256:" and 64 lowercase hex digits.
func validHash(h string) bool {
	digits, ok := strings.CutPrefix(h, "sha256:")
	if !ok || len(digits) != 2*sha256.Size {
		return false
	}
	return strings.Trim(digits, "0123456789abcdef") == ""
}
