// Package seeds holds the catalog files compiled into Jalon, starting with the
// French digital-health roadmap 2023-2027 (roadmap-2023-2027.toml). The files
// use the format described in docs/catalog.md; this package only ships their
// bytes and leaves parsing and validation to the catalog loader.
package seeds

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed *.toml
var catalogs embed.FS

// File is one embedded catalog file.
type File struct {
	Name string // base name, e.g. "roadmap-2023-2027.toml"
	Data []byte // the file's bytes; each call to Files returns a fresh copy
}

// Files returns every embedded catalog file, sorted by name.
func Files() []File {
	entries, err := fs.ReadDir(catalogs, ".")
	if err != nil {
		// The embedded tree is fixed at build time: failing to list it is a
		// broken binary, not a runtime condition a caller could handle.
		panic("seeds: reading embedded catalogs: " + err.Error())
	}
	files := make([]File, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := fs.ReadFile(catalogs, e.Name())
		if err != nil {
			panic("seeds: reading embedded catalog " + e.Name() + ": " + err.Error())
		}
		files = append(files, File{Name: e.Name(), Data: data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files
}
