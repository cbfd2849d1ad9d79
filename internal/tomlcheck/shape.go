package tomlcheck

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

var valueType = reflect.TypeFor[Value]()

// shapes lists where src, a document the TOML library has parsed but could
// not decode into t, has a value where t has a table or an array of tables,
// or the reverse. The types mirroring the files hold only values, tables,
// arrays of tables and tables of tables, so these are the only mismatches
// decoding can meet; they are found by walking the document and t side by
// side rather than by reading the library's messages, which name Go types
// and change between versions.
func (c *Checker) shapes(src Source, t reflect.Type) Problems {
	var doc map[string]any
	if _, err := toml.Decode(string(src.Data), &doc); err != nil {
		return nil
	}
	c.shapeTable(t, doc, "")
	slices.SortStableFunc(c.probs, func(a, b Problem) int { return a.Line - b.Line })
	return c.probs
}

// shapeTable checks the keys of table, whose type is the struct t.
func (c *Checker) shapeTable(t reflect.Type, table map[string]any, path string) {
	for _, f := range reflect.VisibleFields(t) {
		name, ok := f.Tag.Lookup("toml")
		if !ok || f.Anonymous {
			continue // the fields of an embedded struct are visited on their own
		}
		if key, ok := lookupKey(table, name); ok {
			c.shape(f.Type, table[key], JoinPath(path, key))
		}
	}
}

// lookupKey finds the key that decoding gives the field named name: the
// same name, or else one equal to it under case folding.
func lookupKey(table map[string]any, name string) (string, bool) {
	if _, ok := table[name]; ok {
		return name, true
	}
	for _, key := range slices.Sorted(maps.Keys(table)) {
		if strings.EqualFold(key, name) {
			return key, true
		}
	}
	return "", false
}

// shape checks that raw, at path, has the shape of t.
func (c *Checker) shape(t reflect.Type, raw any, path string) {
	switch t.Kind() {
	case reflect.Pointer:
		c.shape(t.Elem(), raw, path)
	case reflect.Struct:
		if t == valueType {
			return
		}
		switch m := raw.(type) {
		case map[string]any:
			c.shapeTable(t, m, path)
		case []map[string]any:
			c.Errorf(path, "write [%s], not [[%s]]", KeyOf(path), KeyOf(path))
		default:
			c.Errorf(path, "want a table%s, got %s", c.headerHint(path, "[", "]"), ATypeName(raw))
		}
	case reflect.Slice:
		switch arr := raw.(type) {
		case []map[string]any:
			for i, m := range arr {
				c.shape(t.Elem(), m, Elem(path, i))
			}
		case []any:
			for i, e := range arr {
				c.shape(t.Elem(), e, Elem(path, i))
			}
		case map[string]any:
			c.Errorf(path, "write [[%s]], not [%s]", KeyOf(path), KeyOf(path))
		default:
			c.Errorf(path, "want an array of tables%s, got %s", c.headerHint(path, "[[", "]]"), ATypeName(raw))
		}
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok {
			c.Errorf(path, "want a table%s, got %s", c.headerHint(path, "[", "]"), ATypeName(raw))
			return
		}
		for _, key := range slices.Sorted(maps.Keys(m)) {
			c.shape(t.Elem(), m[key], JoinPath(path, key))
		}
	}
}

// headerHint shows how the table at path is written as a header, " ([tls])",
// unless it is an element of an array written as a value.
func (c *Checker) headerHint(path, open, close string) string {
	if strings.HasSuffix(c.Key(path), "]") {
		return ""
	}
	return " (" + open + KeyOf(path) + close + ")"
}

// OddFields lists the fields of t, a type mirroring a kind of file, that
// are neither Values nor tables, arrays of tables or tables of tables of
// them: the shapes shapes knows. A field of another type could fail to
// decode with a message naming Go types, so each file type's tests check
// that this is empty.
func OddFields(t reflect.Type) []string {
	var odd []string
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			walk(path, typ.Elem())
		case reflect.Struct:
			if typ == valueType {
				return
			}
			for _, f := range reflect.VisibleFields(typ) {
				if !f.Anonymous {
					walk(path+"."+f.Name, f.Type)
				}
			}
		default:
			odd = append(odd, path+" ("+typ.String()+")")
		}
	}
	walk(t.Name(), t)
	return odd
}
