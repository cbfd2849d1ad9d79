package tomlcheck

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Value is one TOML value as written. Decoding keeps it raw so that a value
// of the wrong type is a listed problem rather than the end of decoding.
type Value struct {
	Raw any
	Set bool
}

// UnmarshalTOML implements toml.Unmarshaler.
func (v *Value) UnmarshalTOML(data any) error {
	v.Raw, v.Set = data, true
	return nil
}

// TypeName names the TOML type of a raw value for messages.
func TypeName(raw any) string {
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

// ATypeName is TypeName with its article: "a string", "an integer".
func ATypeName(raw any) string {
	name := TypeName(raw)
	if strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// Str returns the string at path, or def if it is not set.
func (c *Checker) Str(path string, v Value, def string) string {
	if !v.Set {
		return def
	}
	s, ok := v.Raw.(string)
	if !ok {
		c.TypeErrorf(path, "must be a string, not %s", TypeName(v.Raw))
	}
	return s
}

// Number returns the finite number at path (an integer or a float).
func (c *Checker) Number(path string, v Value) (float64, bool) {
	var f float64
	switch n := v.Raw.(type) {
	case int64:
		f = float64(n)
	case float64:
		f = n
	default:
		c.TypeErrorf(path, "must be a number, not %s", TypeName(v.Raw))
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		c.Errorf(path, "must be a finite number, not %v", f)
		return 0, false
	}
	return f, true
}

// Integer returns the integer at path, which must be positive: the catalog's
// axis and priority numbers.
func (c *Checker) Integer(path string, v Value) (int, bool) {
	n, ok := v.Raw.(int64)
	switch {
	case !ok:
		c.TypeErrorf(path, "must be an integer, not %s", TypeName(v.Raw))
	case n < 1 || n > math.MaxInt32:
		c.Errorf(path, "must be a positive integer, not %d", n)
	default:
		return int(n), true
	}
	return 0, false
}

// Boolean returns the boolean at path, or def if it is not set.
func (c *Checker) Boolean(path string, v Value, def bool) bool {
	if !v.Set {
		return def
	}
	b, ok := v.Raw.(bool)
	if !ok {
		c.TypeErrorf(path, "must be true or false, not %s", TypeName(v.Raw))
		return def
	}
	return b
}

// Strings returns the array of strings at path; nil if not set or empty.
// An element that is not a string is reported at its index and left out.
func (c *Checker) Strings(path string, v Value) []string {
	if !v.Set {
		return nil
	}
	arr, ok := v.Raw.([]any)
	if !ok {
		c.TypeErrorf(path, "must be an array of strings, not %s", TypeName(v.Raw))
		return nil
	}
	var out []string
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			c.TypeErrorf(Elem(path, i), "must be a string, not %s", ATypeName(e))
			continue
		}
		out = append(out, s)
	}
	return out
}

// UniqueStrings is Strings where each string may appear once, and passes
// check (if not nil), which reports its own problem at p, the element's
// path. Only the strings that pass are returned.
func (c *Checker) UniqueStrings(path string, v Value, check func(p, s string) bool) []string {
	arr, isArr := v.Raw.([]any)
	if !v.Set || !isArr {
		return c.Strings(path, v)
	}
	var out []string
	first := map[string]int{}
	for i, e := range arr {
		s, isStr := e.(string)
		p := Elem(path, i)
		j, dup := first[s]
		switch {
		case !isStr:
			c.TypeErrorf(p, "must be a string, not %s", ATypeName(e))
		case dup:
			c.Errorf(p, "%q is listed twice (first at index %d)", s, j)
		case check == nil || check(p, s):
			first[s] = i
			out = append(out, s)
		}
	}
	return out
}

// Elem is the path of the element i of the array at path.
func Elem(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// Required reports whether v is set, with a problem if not.
func (c *Checker) Required(path string, v Value) bool {
	if !v.Set {
		c.Errorf(path, "required key missing")
	}
	return v.Set
}
