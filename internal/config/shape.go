package config

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

var valueType = reflect.TypeFor[value]()

// shapes lists where src, a document the TOML library has parsed but could
// not decode into t, has a value where t has a table or an array of tables,
// or the reverse. The types mirroring the files hold only values, tables,
// arrays of tables and tables of tables, so these are the only mismatches
// decoding can meet; they are found by walking the document and t side by
// side rather than by reading the library's messages, which name Go types
// and change between versions.
func (c *checker) shapes(src Source, t reflect.Type) Problems {
	var doc map[string]any
	if _, err := toml.Decode(string(src.Data), &doc); err != nil {
		return nil
	}
	c.shapeTable(t, doc, "")
	slices.SortStableFunc(c.probs, func(a, b Problem) int { return a.Line - b.Line })
	return c.probs
}

// shapeTable checks the keys of table, whose type is the struct t.
func (c *checker) shapeTable(t reflect.Type, table map[string]any, path string) {
	for _, f := range reflect.VisibleFields(t) {
		name, ok := f.Tag.Lookup("toml")
		if !ok || f.Anonymous {
			continue // the fields of an embedded struct are visited on their own
		}
		if key, ok := lookupKey(table, name); ok {
			c.shape(f.Type, table[key], joinPath(path, key))
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
func (c *checker) shape(t reflect.Type, raw any, path string) {
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
			c.errorf(path, "write [%s], not [[%s]]", keyOf(path), keyOf(path))
		default:
			c.errorf(path, "want a table%s, got %s", c.headerHint(path, "[", "]"), aTypeName(raw))
		}
	case reflect.Slice:
		switch arr := raw.(type) {
		case []map[string]any:
			for i, m := range arr {
				c.shape(t.Elem(), m, elem(path, i))
			}
		case []any:
			for i, e := range arr {
				c.shape(t.Elem(), e, elem(path, i))
			}
		case map[string]any:
			c.errorf(path, "write [[%s]], not [%s]", keyOf(path), keyOf(path))
		default:
			c.errorf(path, "want an array of tables%s, got %s", c.headerHint(path, "[[", "]]"), aTypeName(raw))
		}
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok {
			c.errorf(path, "want a table%s, got %s", c.headerHint(path, "[", "]"), aTypeName(raw))
			return
		}
		for _, key := range slices.Sorted(maps.Keys(m)) {
			c.shape(t.Elem(), m[key], joinPath(path, key))
		}
	}
}

// headerHint shows how the table at path is written as a header, " ([tls])",
// unless it is an element of an array written as a value.
func (c *checker) headerHint(path, open, close string) string {
	if strings.HasSuffix(c.key(path), "]") {
		return ""
	}
	return " (" + open + keyOf(path) + close + ")"
}
