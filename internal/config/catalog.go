package config

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"

	"github.com/jalonhq/jalon/indicators"
)

// ParseCatalog reads catalog files, in order, into one catalog. A later
// source replaces an objective with the same id as a whole, and takes over an
// indicator id defined in an earlier source (which drops it from its earlier
// objective); axes and priorities merge by id, later names and titles winning.
//
// Each source is validated on its own (duplicate ids within one source are
// problems), then priorities and axes are resolved across all of them. The
// error, if any, is Problems listing every problem of every source.
func ParseCatalog(srcs ...Source) (*indicators.Catalog, error) {
	cat, _, err := ParseCatalogWarnings(srcs...)
	return cat, err
}

// ParseCatalogWarnings is ParseCatalog that also lists the changes a later
// source makes to an earlier one that are allowed (docs/catalog.md,
// "Overriding") but easily made unawares: an objective replaced without
// some of its indicators, which leave the catalog, and an indicator whose
// kind or unit changes, whose stored points are then read differently.
// Each warning is a Problem whose message starts with "warning: "; there
// are none with an error, as a file in error may leave out what it defines.
func ParseCatalogWarnings(srcs ...Source) (*indicators.Catalog, Problems, error) {
	m, probs := mergeCatalog(srcs)
	if len(probs) > 0 {
		return nil, nil, probs
	}
	sortProblems(m.warnings, srcs)
	return &m.cat, m.warnings, nil
}

// mergeCatalog parses and merges srcs, and returns the merger, holding what
// parsed, with every problem sorted.
func mergeCatalog(srcs []Source) (*merger, Problems) {
	m := newMerger()
	var probs Problems
	for _, src := range srcs {
		f, ps := parseCatalogFile(src)
		probs = append(probs, ps...)
		m.add(f)
	}
	probs = append(probs, m.finish()...)
	sortProblems(probs, srcs)
	return m, probs
}

// LoadCatalogFiles reads catalog files for ParseCatalog.
func LoadCatalogFiles(paths ...string) ([]Source, error) {
	srcs := make([]Source, 0, len(paths))
	var errs []error
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("load catalog %s: %w", p, err))
			continue
		}
		srcs = append(srcs, Source{Name: p, Data: data})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return srcs, nil
}

// fileCatalog is what one catalog file defines, checked on its own. Each
// cross-file reference keeps where it is written, for problems found later.
type fileCatalog struct {
	name       string
	axes       []placed[indicators.Axis]
	priorities []placed[indicators.Priority]
	objectives []placed[indicators.Objective]
	// indicators are where each indicator's kind and unit are written.
	indicators map[string]indicatorRefs
}

// indicatorRefs are where an indicator's kind and unit are written.
type indicatorRefs struct{ kind, unit ref }

// placed is a definition and where its reference to another one is written.
type placed[T any] struct {
	def T
	ref ref
}

// ref is where a reference is written, as a problem waiting for its
// message. A ref whose key already has a problem in its file, such as a
// value of the wrong type, gives no second one.
type ref struct {
	at       Problem
	reported bool
}

// add appends the problem msg of r to probs.
func (r ref) add(probs Problems, msg string) Problems {
	if r.reported {
		return probs
	}
	return append(probs, r.at.with(msg))
}

func parseCatalogFile(src Source) (fileCatalog, Problems) {
	var f catalogFile
	c, probs := decode(src, &f)
	if c == nil {
		return fileCatalog{}, probs
	}
	if p, ok := c.otherKind(reflect.TypeFor[catalogFile](), reflect.TypeFor[daemonFile](),
		"this looks like a daemon configuration, not a catalog file: check it with jalonctl config check"); ok {
		return fileCatalog{}, Problems{p}
	}
	d := c.defaults(f.Defaults)
	fc := fileCatalog{
		name:       c.str("catalog.name", f.Catalog.Name, ""),
		axes:       c.axes(f.Axis),
		priorities: c.priorities(f.Priority),
		objectives: c.objectives(f.Objective, d),
		indicators: map[string]indicatorRefs{},
	}
	for i, o := range f.Objective {
		for j, ind := range o.Indicator {
			p := fmt.Sprintf("objective[%d].indicator[%d]", i, j)
			if id, ok := ind.ID.raw.(string); ok {
				fc.indicators[id] = indicatorRefs{kind: c.ref(p + ".kind"), unit: c.ref(p + ".unit")}
			}
		}
	}
	return fc, c.probs
}

// ref returns where path is written, for a later check.
func (c *checker) ref(path string) ref {
	return ref{at: Problem{File: c.file, Line: c.line(path), Key: c.key(path)}, reported: c.reported[path]}
}

// sortProblems orders problems by source, then line.
func sortProblems(probs Problems, srcs []Source) {
	order := make(map[string]int, len(srcs))
	for i := len(srcs) - 1; i >= 0; i-- {
		order[srcs[i].Name] = i
	}
	slices.SortStableFunc(probs, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(order[a.File], order[b.File]), cmp.Compare(a.Line, b.Line))
	})
}
