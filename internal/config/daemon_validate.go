package config

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// Validate checks in one pass everything jalond checks before it opens its
// store, so that one run lists every problem: the daemon configuration d
// with the problems ParseDaemonPartial found in its file (parsed), the
// catalog files d loads after embedded (when d.EmbeddedCatalog), and what
// d refers to in that catalog and in the environment (Check). A catalog
// file in error leaves the definitions that parsed to check against; a
// reference to an indicator or objective that a file in error names is not
// reported, as the file is what is wrong. It returns the catalog and its
// warnings, or Problems: the daemon file's by line, then the catalogs'.
func Validate(d *Daemon, parsed tomlcheck.Problems, embedded []tomlcheck.Source, getenv func(string) string) (*indicators.Catalog, tomlcheck.Problems, error) {
	srcs, err := catalogSources(d, len(parsed) > 0, embedded)
	if err != nil {
		return nil, nil, err
	}
	if len(srcs) == 0 && len(parsed) == 0 {
		return nil, nil, errors.New("no catalog: the embedded catalog is disabled and no catalog_files are configured")
	}
	cat := catalogfile.ParseCatalogPartial(srcs...)
	probs := append(slices.Clone(parsed), d.check(cat.Catalog, cat.Broken, getenv)...)
	slices.SortStableFunc(probs, func(a, b tomlcheck.Problem) int { return a.Line - b.Line })
	if probs = append(probs, cat.Problems...); len(probs) > 0 {
		return nil, nil, probs
	}
	return cat.Catalog, cat.Warnings, nil
}

// catalogSources returns embedded, if d loads it, and d's catalog files. A
// file that cannot be read was reported by the parse (catalogFiles) when
// reported is true, and is then left out.
func catalogSources(d *Daemon, reported bool, embedded []tomlcheck.Source) ([]tomlcheck.Source, error) {
	var srcs []tomlcheck.Source
	if d.EmbeddedCatalog {
		srcs = append(srcs, embedded...)
	}
	for _, p := range d.CatalogFiles {
		data, err := os.ReadFile(p)
		switch {
		case err != nil && reported:
			continue
		case err != nil:
			return nil, fmt.Errorf("load catalog %s: %w", p, err)
		}
		srcs = append(srcs, tomlcheck.Source{Name: p, Data: data})
	}
	return srcs, nil
}
