package config

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// value is one TOML value as written. Decoding keeps it raw so that a value
// of the wrong type is a listed problem rather than the end of decoding.
type value struct {
	raw any
	set bool
}

// UnmarshalTOML implements toml.Unmarshaler.
func (v *value) UnmarshalTOML(data any) error {
	v.raw, v.set = data, true
	return nil
}

// typeName names the TOML type of a raw value for messages.
func typeName(raw any) string {
	switch raw.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case time.Time:
		return "date-time"
	case []any:
		return "array"
	case map[string]any, []map[string]any:
		return "table"
	}
	return "value"
}

// aTypeName is typeName with its article: "a string", "an integer".
func aTypeName(raw any) string {
	name := typeName(raw)
	if strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// str returns the string at path, or def if it is not set.
func (c *checker) str(path string, v value, def string) string {
	if !v.set {
		return def
	}
	s, ok := v.raw.(string)
	if !ok {
		c.typeErrorf(path, "must be a string, not %s", typeName(v.raw))
	}
	return s
}

// number returns the finite number at path (an integer or a float).
func (c *checker) number(path string, v value) (float64, bool) {
	var f float64
	switch n := v.raw.(type) {
	case int64:
		f = float64(n)
	case float64:
		f = n
	default:
		c.typeErrorf(path, "must be a number, not %s", typeName(v.raw))
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		c.errorf(path, "must be a finite number, not %v", f)
		return 0, false
	}
	return f, true
}

// integer returns the integer at path, which must be positive: the catalog's
// axis and priority numbers.
func (c *checker) integer(path string, v value) (int, bool) {
	n, ok := v.raw.(int64)
	switch {
	case !ok:
		c.typeErrorf(path, "must be an integer, not %s", typeName(v.raw))
	case n < 1 || n > math.MaxInt32:
		c.errorf(path, "must be a positive integer, not %d", n)
	default:
		return int(n), true
	}
	return 0, false
}

// boolean returns the boolean at path, or def if it is not set.
func (c *checker) boolean(path string, v value, def bool) bool {
	if !v.set {
		return def
	}
	b, ok := v.raw.(bool)
	if !ok {
		c.typeErrorf(path, "must be true or false, not %s", typeName(v.raw))
		return def
	}
	return b
}

// strings returns the array of strings at path; nil if not set or empty.
// An element that is not a string is reported at its index and left out.
func (c *checker) strings(path string, v value) []string {
	if !v.set {
		return nil
	}
	arr, ok := v.raw.([]any)
	if !ok {
		c.typeErrorf(path, "must be an array of strings, not %s", typeName(v.raw))
		return nil
	}
	var out []string
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			c.typeErrorf(elem(path, i), "must be a string, not %s", aTypeName(e))
			continue
		}
		out = append(out, s)
	}
	return out
}

// uniqueStrings is strings where each string may appear once, and passes
// check (if not nil), which reports its own problem at p, the element's
// path. Only the strings that pass are returned.
func (c *checker) uniqueStrings(path string, v value, check func(p, s string) bool) []string {
	arr, isArr := v.raw.([]any)
	if !v.set || !isArr {
		return c.strings(path, v)
	}
	var out []string
	first := map[string]int{}
	for i, e := range arr {
		s, isStr := e.(string)
		p := elem(path, i)
		j, dup := first[s]
		switch {
		case !isStr:
			c.typeErrorf(p, "must be a string, not %s", aTypeName(e))
		case dup:
			c.errorf(p, "%q is listed twice (first at index %d)", s, j)
		case check == nil || check(p, s):
			first[s] = i
			out = append(out, s)
		}
	}
	return out
}

// elem is the path of the element i of the array at path.
func elem(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// required reports whether v is set, with a problem if not.
func (c *checker) required(path string, v value) bool {
	if !v.set {
		c.errorf(path, "required key missing")
	}
	return v.set
}
