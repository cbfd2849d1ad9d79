package main

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/jalonhq/jalon/wire"
)

// jsonBodies is the wire type of every operation's 2xx JSON body.
var jsonBodies = map[string]any{
	"POST /api/v1/measurements":                wire.PushResult{},
	"GET /api/v1/objectives":                   wire.Objectives{},
	"GET /api/v1/indicators/{id}":              wire.IndicatorDetail{},
	"PUT /api/v1/indicators/{id}":              wire.EditResult{},
	"GET /api/v1/indicators/{id}/revisions":    wire.Revisions{},
	"GET /api/v1/indicators/{id}/series":       wire.Series{},
	"DELETE /api/v1/indicators/{id}/series":    wire.Deletion{},
	"DELETE /api/v1/indicators/{id}/points":    wire.Deletion{},
	"GET /api/v1/indicators/{id}/plan":         wire.Plan{},
	"GET /api/v1/report":                       wire.Report{},
	"GET /api/v1/pullers":                      wire.Pullers{},
	"POST /api/v1/pullers/{name}/run":          wire.Puller{},
	"GET /api/v1/alerts":                       wire.Alerts{},
	"POST /api/v1/objectives/{id}/assessments": wire.Assessment{},
	"GET /api/v1/objectives/{id}/assessments":  wire.Assessments{},
}

// TestOpenAPIResponseSchemas checks, for every operation whose 2xx body is
// JSON, that its schema in docs/openapi.yaml names every field the wire
// type serializes and nothing it does not, at every depth.
func TestOpenAPIResponseSchemas(t *testing.T) {
	root := readOpenAPI(t)
	documented := jsonResponseSchemas(t, root)
	for op := range jsonBodies {
		if _, ok := documented[op]; !ok {
			t.Errorf("%s: has a wire body (jsonBodies) but no 2xx application/json response in %s", op, openAPIFile)
		}
	}
	for op, schema := range documented {
		body, ok := jsonBodies[op]
		if !ok {
			t.Errorf("%s: %s documents a 2xx JSON body; give its wire type in jsonBodies", op, openAPIFile)
			continue
		}
		for _, p := range compareSchema(root, schema, reflect.TypeOf(body), "") {
			t.Errorf("%s: %s", op, p)
		}
	}
}

// jsonResponseSchemas returns the schema of the 2xx application/json
// response of each operation that has one.
func jsonResponseSchemas(t *testing.T, root *yaml.Node) map[string]*yaml.Node {
	t.Helper()
	out := map[string]*yaml.Node{}
	paths := child(root, "paths")
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, paths.Content[i+1]
		for j := 0; j+1 < len(item.Content); j += 2 {
			method, responses := item.Content[j].Value, child(item.Content[j+1], "responses")
			if responses == nil {
				continue
			}
			for k := 0; k+1 < len(responses.Content); k += 2 {
				if !strings.HasPrefix(responses.Content[k].Value, "2") {
					continue
				}
				if s := at(deref(root, responses.Content[k+1]), "content", "application/json", "schema"); s != nil {
					out[strings.ToUpper(method)+" "+path] = s
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no operation has a 2xx JSON response", openAPIFile)
	}
	return out
}

// compareSchema lists where schema and the JSON form of typ part: a field
// typ serializes that the schema does not name, or the reverse, at path.
func compareSchema(root, schema *yaml.Node, typ reflect.Type, path string) []string {
	typ = elem(typ)
	switch {
	case typ.Kind() == reflect.Slice:
		return compareSchema(root, at(deref(root, schema), "items"), typ.Elem(), path+"[]")
	case typ.Kind() != reflect.Struct || typ == reflect.TypeOf(time.Time{}):
		return nil
	}
	props := properties(root, schema)
	fields := jsonFields(typ)
	var out []string
	for _, name := range sortedKeys(fields) {
		if props[name] == nil {
			out = append(out, fmt.Sprintf("%s: the schema lacks %q, which %s serializes", orRoot(path), name, typ))
			continue
		}
		out = append(out, compareSchema(root, props[name], fields[name], path+"."+name)...)
	}
	for _, name := range sortedKeys(props) {
		if _, ok := fields[name]; !ok {
			out = append(out, fmt.Sprintf("%s: the schema names %q, which %s does not serialize", orRoot(path), name, typ))
		}
	}
	return out
}

// jsonFields maps the JSON names of typ's fields to their types, as
// encoding/json writes them: embedded structs without a name flattened,
// a shallower field hiding a deeper one of the same name.
func jsonFields(typ reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var embedded []reflect.Type
	for f := range typ.Fields() {
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" || !f.IsExported() && !f.Anonymous:
			continue
		case f.Anonymous && name == "" && elem(f.Type).Kind() == reflect.Struct:
			embedded = append(embedded, elem(f.Type))
			continue
		case name == "":
			name = f.Name
		}
		out[name] = f.Type
	}
	for _, e := range embedded {
		for name, ft := range jsonFields(e) {
			if _, hidden := out[name]; !hidden {
				out[name] = ft
			}
		}
	}
	return out
}

// properties returns the properties a schema names, following $ref and
// merging the parts of an allOf.
func properties(root, schema *yaml.Node) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	schema = deref(root, schema)
	if schema == nil {
		return out
	}
	if all := child(schema, "allOf"); all != nil {
		for _, part := range all.Content {
			for k, v := range properties(root, part) {
				out[k] = v
			}
		}
	}
	if ps := child(schema, "properties"); ps != nil {
		for i := 0; i+1 < len(ps.Content); i += 2 {
			out[ps.Content[i].Value] = ps.Content[i+1]
		}
	}
	return out
}

// deref follows the $ref of n, if any, and that of a nullable schema that
// is one allOf of a single reference.
func deref(root, n *yaml.Node) *yaml.Node {
	for n != nil {
		if ref := at(n, "$ref"); ref != nil {
			n = resolve(root, ref.Value)
			continue
		}
		if all := at(n, "allOf"); all != nil && len(all.Content) == 1 && child(n, "properties") == nil {
			n = all.Content[0]
			continue
		}
		return n
	}
	return nil
}

// at is the node under n at keys, nil if there is none.
func at(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n == nil {
			return nil
		}
		n = child(n, k)
	}
	return n
}

// elem is typ without its pointers.
func elem(typ reflect.Type) reflect.Type {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	return typ
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func orRoot(path string) string {
	if path == "" {
		return "the body"
	}
	return strings.TrimPrefix(path, ".")
}

// TestCompareSchema checks the comparison itself on a small document: a
// field missing at depth, through $ref, allOf and arrays, and a property
// that no field serializes.
func TestCompareSchema(t *testing.T) {
	type inner struct {
		A string `json:"a"`
		B string `json:"b,omitempty"`
	}
	type base struct {
		ID   string `json:"id"`
		Skip string `json:"-"`
	}
	type body struct {
		base
		Items []*inner `json:"items"`
	}
	var doc yaml.Node
	err := yaml.Unmarshal([]byte(`
components:
  schemas:
    Base: {type: object, properties: {id: {type: string}}}
    Inner: {type: object, properties: {a: {type: string}, c: {type: string}}}
    Body:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            items: {type: array, items: {$ref: "#/components/schemas/Inner"}}
`), &doc)
	if err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	got := compareSchema(root, resolve(root, "#/components/schemas/Body"), reflect.TypeOf(body{}), "")
	want := []string{
		`items[]: the schema lacks "b", which main.inner serializes`,
		`items[]: the schema names "c", which main.inner does not serialize`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("compareSchema =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
