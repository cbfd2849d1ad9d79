package login

import (
	"fmt"
	"slices"

	"github.com/jalonhq/jalon/internal/config"
)

// scopesOf returns the scopes the grants give to claims (those of the ID
// token and of the user info, merged). A claim may hold one value or a
// list (groups, roles): any of its values matches.
func scopesOf(grants []config.Grant, claims map[string]any) []config.Scope {
	var out []config.Scope
	for _, g := range grants {
		if !hasValue(claims[g.Claim], g.Value) {
			continue
		}
		for _, s := range g.Scopes {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func hasValue(claim any, want string) bool {
	switch v := claim.(type) {
	case nil:
		return false
	case []any:
		return slices.ContainsFunc(v, func(e any) bool { return hasValue(e, want) })
	default:
		return fmt.Sprint(v) == want
	}
}

// nameOf is how a person is named in the audit log and on the pages.
func nameOf(claims map[string]any) string {
	for _, k := range []string{"email", "preferred_username", "name", "sub"} {
		if s, ok := claims[k].(string); ok && s != "" {
			return s
		}
	}
	return "unknown"
}
