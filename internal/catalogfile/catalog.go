package catalogfile

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// ParseCatalog reads catalog files, in order, into one catalog. A later
// source replaces an objective with the same id as a whole, and takes over an
// indicator id defined in an earlier source (which drops it from its earlier
// objective); axes and priorities merge by id, later names and titles winning.
//
// Each source is validated on its own (duplicate ids within one source are
// problems), then priorities and axes are resolved across all of them. The
// error, if any, is Problems listing every problem of every source.
func ParseCatalog(srcs ...tomlcheck.Source) (*indicators.Catalog, error) {
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
func ParseCatalogWarnings(srcs ...tomlcheck.Source) (*indicators.Catalog, tomlcheck.Problems, error) {
	m, probs := mergeCatalog(srcs)
	if len(probs) > 0 {
		return nil, nil, probs
	}
	sortProblems(m.warnings, srcs)
	return &m.cat, m.warnings, nil
}

// mergeCatalog parses and merges srcs, and returns the merger, holding what
// parsed, with every problem sorted.
func mergeCatalog(srcs []tomlcheck.Source) (*merger, tomlcheck.Problems) {
	m := newMerger()
	var probs tomlcheck.Problems
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
func LoadCatalogFiles(paths ...string) ([]tomlcheck.Source, error) {
	srcs := make([]tomlcheck.Source, 0, len(paths))
	var errs []error
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("load catalog %s: %w", p, err))
			continue
		}
		srcs = append(srcs, tomlcheck.Source{Name: p, Data: data})
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
	at       tomlcheck.Problem
	reported bool
}

// add appends the problem msg of r to probs.
func (r ref) add(probs tomlcheck.Problems, msg string) tomlcheck.Problems {
	if r.reported {
		return probs
	}
	return append(probs, withMsg(r.at, msg))
}

func parseCatalogFile(src tomlcheck.Source) (fileCatalog, tomlcheck.Problems) {
	var f catalogFile
	tc, probs := tomlcheck.Decode(src, &f)
	if tc == nil {
		return fileCatalog{}, probs
	}
	c := &checker{tc}
	if p, ok := c.OtherKind(Keys(), DaemonKeys(),
		"this looks like a daemon configuration, not a catalog file: check it with jalonctl config check"); ok {
		return fileCatalog{}, tomlcheck.Problems{p}
	}
	d := c.defaults(f.Defaults)
	fc := fileCatalog{
		name:       c.Str("catalog.name", f.Catalog.Name, ""),
		axes:       c.axes(f.Axis),
		priorities: c.priorities(f.Priority),
		objectives: c.objectives(f.Objective, d),
		indicators: map[string]indicatorRefs{},
	}
	for i, o := range f.Objective {
		for j, ind := range o.Indicator {
			p := fmt.Sprintf("objective[%d].indicator[%d]", i, j)
			if id, ok := ind.ID.Raw.(string); ok {
				fc.indicators[id] = indicatorRefs{kind: c.ref(p + ".kind"), unit: c.ref(p + ".unit")}
			}
		}
	}
	return fc, c.Problems()
}

// ref returns where path is written, for a later check.
func (c *checker) ref(path string) ref {
	return ref{at: tomlcheck.Problem{File: c.File(), Line: c.Line(path), Key: c.Key(path)}, reported: c.Reported(path)}
}

// sortProblems orders problems by source, then line.
func sortProblems(probs tomlcheck.Problems, srcs []tomlcheck.Source) {
	order := make(map[string]int, len(srcs))
	for i := len(srcs) - 1; i >= 0; i-- {
		order[srcs[i].Name] = i
	}
	slices.SortStableFunc(probs, func(a, b tomlcheck.Problem) int {
		return cmp.Or(cmp.Compare(order[a.File], order[b.File]), cmp.Compare(a.Line, b.Line))
	})
}

// Partial is what ParseCatalogPartial read: the catalog the files define
// as far as they parsed, and every problem.
type Partial struct {
	Catalog  *indicators.Catalog
	Warnings tomlcheck.Problems // as ParseCatalogWarnings's, sorted
	Problems tomlcheck.Problems // sorted by source, then line
	// Broken holds the ids of the indicators and objectives that the files
	// name but that did not make it into the catalog, nil if the files have
	// no problem: a reference to one is not reported again, as the file in
	// error is what is wrong.
	Broken map[string]bool
}

// ParseCatalogPartial is ParseCatalog for a check that goes on past the
// files' problems (config.Validate checks a daemon configuration against
// the catalog that parsed).
func ParseCatalogPartial(srcs ...tomlcheck.Source) Partial {
	m, probs := mergeCatalog(srcs)
	sortProblems(m.warnings, srcs)
	return Partial{Catalog: &m.cat, Warnings: m.warnings, Problems: probs, Broken: m.broken(probs)}
}
