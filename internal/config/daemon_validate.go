package config

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/jalonhq/jalon/indicators"
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
func Validate(d *Daemon, parsed Problems, embedded []Source, getenv func(string) string) (*indicators.Catalog, Problems, error) {
	srcs, err := catalogSources(d, len(parsed) > 0, embedded)
	if err != nil {
		return nil, nil, err
	}
	if len(srcs) == 0 && len(parsed) == 0 {
		return nil, nil, errors.New("no catalog: the embedded catalog is disabled and no catalog_files are configured")
	}
	m, catProbs := mergeCatalog(srcs)
	probs := append(slices.Clone(parsed), d.check(&m.cat, m.broken(catProbs), getenv)...)
	slices.SortStableFunc(probs, func(a, b Problem) int { return a.Line - b.Line })
	if probs = append(probs, catProbs...); len(probs) > 0 {
		return nil, nil, probs
	}
	sortProblems(m.warnings, srcs)
	return &m.cat, m.warnings, nil
}

// catalogSources returns embedded, if d loads it, and d's catalog files. A
// file that cannot be read was reported by the parse (catalogFiles) when
// reported is true, and is then left out.
func catalogSources(d *Daemon, reported bool, embedded []Source) ([]Source, error) {
	var srcs []Source
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
		srcs = append(srcs, Source{Name: p, Data: data})
	}
	return srcs, nil
}

// broken returns the ids of the indicators and objectives that the catalog
// files name but that did not make it into the catalog, given the files'
// problems: nil when there are none.
func (m *merger) broken(probs Problems) map[string]bool {
	if len(probs) == 0 {
		return nil
	}
	in := map[string]bool{}
	for _, o := range m.cat.Objectives {
		in[o.ID] = true
		for _, ind := range o.Indicators {
			in[ind.ID] = true
		}
	}
	out := map[string]bool{}
	for id := range m.indRefs {
		out[id] = !in[id]
	}
	for id := range m.objRefs {
		out[id] = !in[id]
	}
	return out
}
