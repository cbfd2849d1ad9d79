package main

import (
	"go/build"
	"path/filepath"
	"slices"
	"testing"
)

// TestHTTPSurfaceImports keeps the split of the HTTP surface: the pages and
// the exposition reach the API only through the interfaces they declare,
// which this package fills, and the push-body decoding stands below all
// three (docs/architecture.md).
func TestHTTPSurfaceImports(t *testing.T) {
	const mod = "github.com/jalonhq/jalon/"
	tests := []struct {
		dir       string
		forbidden []string
	}{
		{"internal/pages", []string{"internal/api", "internal/exposition", "internal/collector", "internal/alerting"}},
		{"internal/exposition", []string{"internal/api", "internal/pages", "store"}},
		{"internal/ingest/decode", []string{"internal/api", "internal/pages", "internal/exposition", "store"}},
		{"internal/api", []string{"internal/pages", "internal/exposition"}},
	}
	for _, tt := range tests {
		pkg, err := build.Default.ImportDir(filepath.Join("..", "..", tt.dir), 0)
		if err != nil {
			t.Fatalf("read package %s: %v", tt.dir, err)
		}
		for _, f := range tt.forbidden {
			if slices.Contains(pkg.Imports, mod+f) {
				t.Errorf("%s imports %s; it must not (docs/architecture.md)", tt.dir, f)
			}
		}
	}
}
