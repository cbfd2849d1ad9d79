package tomlcheck

import "strings"

// Text returns the required, non-empty string at path.
func (c *Checker) Text(path string, v Value) string {
	if !c.Required(path, v) {
		return ""
	}
	s := c.Str(path, v, "")
	if _, isStr := v.Raw.(string); isStr && strings.TrimSpace(s) == "" {
		c.Errorf(path, "must not be empty")
	}
	return s
}

// SnakeID reads a required snake_case id, such as an indicator's.
func (c *Checker) SnakeID(path string, v Value) string {
	if !c.Required(path, v) {
		return ""
	}
	id := c.Str(path, v, "")
	if _, isStr := v.Raw.(string); !isStr {
		return ""
	}
	if !IsName(id, false) {
		c.Errorf(path, "%q is not a snake_case id ([a-z][a-z0-9_]*)", id)
		return ""
	}
	return id
}

// IsName reports whether s matches [a-z][a-z0-9_]*, or [a-z_][a-z0-9_]* if
// it may start with an underscore.
func IsName(s string, underscoreFirst bool) bool {
	for i, r := range s {
		lower := r >= 'a' && r <= 'z'
		ok := lower || r == '_' && (i > 0 || underscoreFirst) || r >= '0' && r <= '9' && i > 0
		if !ok {
			return false
		}
	}
	return s != ""
}
