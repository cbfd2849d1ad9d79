package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/jalonhq/jalon/internal/pages"
)

// The OpenAPI tests keep docs/openapi.yaml and the route table in step: the
// same operations, method and path, on both sides.

var openAPIFile = filepath.Join("..", "..", "docs", "openapi.yaml")

// operation is a method and a path pattern: "GET /api/v1/indicators/{id}".
type operation struct{ method, path string }

func (o operation) String() string { return o.method + " " + o.path }

// TestOpenAPIMatchesRouteTable compares the operations of docs/openapi.yaml
// with the routes of the table that jalond serves (routeTable).
func TestOpenAPIMatchesRouteTable(t *testing.T) {
	documented := openAPIOperations(t)
	registered := registeredRoutes(t)
	for _, op := range registered {
		if !slices.Contains(documented, op) {
			t.Errorf("route %s is registered in routes.go but not documented in %s", op, openAPIFile)
		}
	}
	for _, op := range documented {
		if !slices.Contains(registered, op) {
			t.Errorf("operation %s is documented in %s but not registered in routes.go", op, openAPIFile)
		}
	}
}

// TestOpenAPIRoutesServed sends every documented operation to the real
// route table over a real API: none may be refused by the router (404 or
// 405), and every other method on a documented path must be 405.
func TestOpenAPIRoutesServed(t *testing.T) {
	h := newOpenAPITestHandler(t)
	documented := openAPIOperations(t)
	paths := map[string][]string{}
	for _, op := range documented {
		paths[op.path] = append(paths[op.path], op.method)
	}
	send := func(method, path string) *httptest.ResponseRecorder {
		target := strings.ReplaceAll(path, "{id}", "digital_mediators_trained")
		body := ""
		if method == http.MethodPost {
			body = `{"measurements":[]}`
		}
		r := httptest.NewRequest(method, target, strings.NewReader(body))
		r.RemoteAddr = "127.0.0.1:40000" // no token configured: loopback may do everything
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for _, op := range documented {
		// A handler's own 404 (a JSON error: no such puller) is served; the
		// router's is plain text.
		w := send(op.method, op.path)
		routerMiss := w.Code == http.StatusNotFound && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json")
		if routerMiss || w.Code == http.StatusMethodNotAllowed {
			t.Errorf("%s: %d %q: documented but not served", op, w.Code, w.Body.String())
		}
	}
	for path, methods := range paths {
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if slices.Contains(methods, m) {
				continue
			}
			if w := send(m, path); w.Code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d, want 405: served but not documented", m, path, w.Code)
			}
		}
	}
}

// TestOpenAPIReferences checks that every $ref of the document resolves.
func TestOpenAPIReferences(t *testing.T) {
	root := readOpenAPI(t)
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "$ref" {
					if ref := n.Content[i+1].Value; resolve(root, ref) == nil {
						t.Errorf("line %d: $ref %q does not resolve", n.Content[i+1].Line, ref)
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
}

func readOpenAPI(t *testing.T) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", openAPIFile, err)
	}
	if len(doc.Content) != 1 {
		t.Fatalf("%s: want one YAML document", openAPIFile)
	}
	return doc.Content[0]
}

// resolve returns the node a local reference ("#/components/schemas/Error")
// points to, or nil.
func resolve(root *yaml.Node, ref string) *yaml.Node {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	n := root
	for _, key := range strings.Split(rest, "/") {
		key = strings.NewReplacer("~1", "/", "~0", "~").Replace(key)
		n = child(n, key)
		if n == nil {
			return nil
		}
	}
	return n
}

func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// openAPIOperations lists the operations of docs/openapi.yaml.
func openAPIOperations(t *testing.T) []operation {
	t.Helper()
	var doc struct {
		OpenAPI string                          `yaml:"openapi"`
		Paths   map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := readOpenAPI(t).Decode(&doc); err != nil {
		t.Fatalf("%s: %v", openAPIFile, err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("%s: openapi %q, want 3.0.3", openAPIFile, doc.OpenAPI)
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	var out []operation
	for path, item := range doc.Paths {
		n := 0
		for key := range item {
			if slices.Contains(methods, key) {
				out = append(out, operation{strings.ToUpper(key), path})
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s: path %s has no operation", openAPIFile, path)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no operation", openAPIFile)
	}
	return out
}

// registeredRoutes lists the API routes of the route table (the pages,
// documented in api.md rather than in OpenAPI, left out).
func registeredRoutes(t *testing.T) []operation {
	t.Helper()
	var out []operation
	for _, r := range assembleWithTokens(t, "").routes {
		method, path, ok := strings.Cut(r.pattern, " ")
		if !ok || method == "" || !strings.HasPrefix(path, "/") {
			t.Errorf("route pattern %q: want \"METHOD /path\"", r.pattern)
			continue
		}
		if !slices.Contains(pages.Patterns(), path) && r.pattern != pages.AssessPattern { // pages are not API
			out = append(out, operation{method, path})
		}
	}
	if len(out) == 0 {
		t.Fatal("the route table has no API route")
	}
	return out
}

// newOpenAPITestHandler returns the route table's handler over a store in a
// temporary directory and the embedded catalog, with no token configured.
func newOpenAPITestHandler(t *testing.T) http.Handler {
	t.Helper()
	return assembleWithTokens(t, "").handler
}
