package config

import "fmt"

type tokenFile struct {
	Name   value `toml:"name"`
	Hash   value `toml:"hash"`
	Scopes value `toml:"scopes"`
}

// tokens reads the [[token]] tables: unique names, unique well-formed
// hashes, at least one valid scope each. Messages never quote a hash, in
// case a secret was pasted in its place.
func (c *checker) tokens(fs []tokenFile) []Token {
	var out []Token
	names, hashes := map[string]string{}, map[string]string{}
	for i, f := range fs {
		p := fmt.Sprintf("token[%d]", i)
		t := Token{Name: c.Text(p+".name", f.Name), Hash: c.tokenHash(p+".hash", f.Hash), Scopes: c.scopes(p+".scopes", f.Scopes)}
		if first, dup := names[t.Name]; dup && t.Name != "" {
			c.Errorf(p+".name", "duplicate token name %q (first at line %d)", t.Name, c.Line(first))
		}
		if first, dup := hashes[t.Hash]; dup && t.Hash != "" {
			c.Errorf(p+".hash", "same hash as the token at line %d: give each user its own token", c.Line(first))
		}
		names[t.Name], hashes[t.Hash] = p+".name", p+".hash"
		out = append(out, t)
	}
	return out
}

func (c *checker) tokenHash(path string, v value) string {
	if !c.Required(path, v) {
		return ""
	}
	h, isStr := v.Raw.(string)
	if !isStr || !validHash(h) {
		c.Errorf(path, `must be "sha256:" and 64 lowercase hex digits, the hash of the secret (jalonctl config hash-token); never the secret itself`)
		return ""
	}
	return h
}

func (c *checker) scopes(path string, v value) []Scope {
	if !c.Required(path, v) {
		return nil
	}
	var out []Scope
	for _, s := range c.UniqueStrings(path, v, func(p, s string) bool {
		if !validScope(s) {
			c.Errorf(p, `unknown scope %q (one of "read", "admin", "write:<glob>" such as "write:mes_*", "assess:<glob>" such as "assess:1-*")`, s)
		}
		return validScope(s)
	}) {
		out = append(out, Scope(s))
	}
	if arr, ok := v.Raw.([]any); ok && len(arr) == 0 {
		c.Errorf(path, "a token needs at least one scope")
	}
	return out
}
