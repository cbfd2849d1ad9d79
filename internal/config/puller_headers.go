package config

import (
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// Ref is a reference in a header value to where a secret is kept:
// ${NAME} for an environment variable, ${file:PATH} for a file's content
// (without its final newline).
type Ref struct {
	Env  string
	File string
}

// Resolve returns the secret r refers to: the value of the environment
// variable, looked up with getenv, or the content of the file without its
// final line breaks. Its errors name the variable or the file, never a
// value.
func (r Ref) Resolve(getenv func(string) string) (string, error) {
	if r.File != "" {
		b, err := os.ReadFile(r.File)
		if err != nil {
			return "", fmt.Errorf("read secret file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	v := getenv(r.Env)
	if v == "" {
		return "", fmt.Errorf("environment variable %s is not set", r.Env)
	}
	return v, nil
}

// ExpandHeader returns the header value tmpl with each reference replaced
// by what resolve returns for it. Text outside references is kept as is;
// a "$" not followed by "{" is plain text.
func ExpandHeader(tmpl string, resolve func(Ref) (string, error)) (string, error) {
	var b strings.Builder
	for rest := tmpl; rest != ""; {
		before, after, found := strings.Cut(rest, "${")
		b.WriteString(before)
		if !found {
			break
		}
		inner, tail, closed := strings.Cut(after, "}")
		if !closed {
			return "", fmt.Errorf("unclosed ${ reference")
		}
		ref, err := parseHeaderRef(inner)
		if err != nil {
			return "", err
		}
		v, err := resolve(ref)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
		rest = tail
	}
	return b.String(), nil
}

func parseHeaderRef(inner string) (Ref, error) {
	if file, ok := strings.CutPrefix(inner, "file:"); ok {
		if file == "" {
			return Ref{}, fmt.Errorf("${file:} names no file")
		}
		return Ref{File: file}, nil
	}
	ok := inner != ""
	for i, r := range inner {
		ok = ok && (r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9')
	}
	if !ok {
		return Ref{}, fmt.Errorf("${%s} is neither an environment variable name nor file:PATH", inner)
	}
	return Ref{Env: inner}, nil
}

// pullerHeaders reads the header table. A header that carries credentials must
// take them from a reference, so that the file never holds a secret; a
// relative ${file:PATH} is resolved against the configuration's directory.
func (c *checker) pullerHeaders(path string, v value, dir string) map[string]string {
	if !v.Set {
		return nil
	}
	m, ok := v.Raw.(map[string]any)
	if !ok {
		c.TypeErrorf(path, "must be a table of header names to strings, not %s", tomlcheck.TypeName(v.Raw))
		return nil
	}
	out := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		p := tomlcheck.JoinPath(path, name)
		s, isStr := m[name].(string)
		if !isStr || !validHeaderName(name) {
			c.Errorf(p, "want a header name and a string value")
			continue
		}
		refs := 0
		tmpl, err := ExpandHeader(s, func(r Ref) (string, error) {
			refs++
			if r.File != "" {
				return "${file:" + resolve(r.File, dir) + "}", nil
			}
			return "${" + r.Env + "}", nil
		})
		switch {
		case err != nil:
			c.Errorf(p, "%v", err)
		case refs == 0 && sensitiveHeader(name):
			c.Errorf(p, "carries credentials: take them from the environment (\"Bearer ${API_TOKEN}\") or a file (\"${file:/etc/jalon/api.key}\"), never write them here")
		default:
			out[http.CanonicalHeaderKey(name)] = tmpl
		}
	}
	return out
}

func validHeaderName(name string) bool {
	for _, r := range name {
		if r >= 0x80 || r <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) {
			return false
		}
	}
	return name != ""
}

// sensitiveHeader reports whether a header's value is likely a credential.
func sensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"auth", "cookie", "key", "token", "secret", "password", "session"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}
