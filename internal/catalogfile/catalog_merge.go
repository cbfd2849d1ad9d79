package catalogfile

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// merger layers catalog files into one catalog, later files winning.
type merger struct {
	cat      indicators.Catalog
	objRefs  map[string]ref // objective id → where the id is written
	prioRefs map[int]ref    // priority id → where its axis is written
	axisRefs map[int]ref    // axis id → where its name is written
	indRefs  map[string]indicatorRefs
	warnings tomlcheck.Problems // catalog_overriding.go
}

func newMerger() *merger {
	return &merger{objRefs: map[string]ref{}, prioRefs: map[int]ref{}, axisRefs: map[int]ref{}, indRefs: map[string]indicatorRefs{}}
}

func (m *merger) add(f fileCatalog) {
	if f.name != "" {
		m.cat.Name = f.name
	}
	for _, a := range f.axes {
		m.axis(a.def)
		m.axisRefs[a.def.ID] = a.ref
	}
	for _, p := range f.priorities {
		m.priority(p.def)
		m.prioRefs[p.def.ID] = p.ref
	}
	before := m.snapshot()
	for _, o := range f.objectives {
		m.objective(o.def)
		m.objRefs[o.def.ID] = o.ref
	}
	m.warn(f, before)
	maps.Copy(m.indRefs, f.indicators)
}

func (m *merger) axis(a indicators.Axis) {
	i := slices.IndexFunc(m.cat.Axes, func(x indicators.Axis) bool { return x.ID == a.ID })
	if i < 0 {
		m.cat.Axes = append(m.cat.Axes, a)
		return
	}
	old := &m.cat.Axes[i]
	old.Name = cmp.Or(a.Name, old.Name)
	old.Title = cmp.Or(a.Title, old.Title)
}

func (m *merger) priority(p indicators.Priority) {
	i := slices.IndexFunc(m.cat.Priorities, func(x indicators.Priority) bool { return x.ID == p.ID })
	if i < 0 {
		m.cat.Priorities = append(m.cat.Priorities, p)
		return
	}
	old := &m.cat.Priorities[i]
	old.Axis = cmp.Or(p.Axis, old.Axis)
	old.Title = cmp.Or(p.Title, old.Title)
}

// objective replaces an objective with the same id in place, or appends o;
// o's indicators leave any other objective that had them.
func (m *merger) objective(o indicators.Objective) {
	for _, ind := range o.Indicators {
		for oi := range m.cat.Objectives {
			old := &m.cat.Objectives[oi]
			old.Indicators = slices.DeleteFunc(old.Indicators, func(x indicators.Indicator) bool { return x.ID == ind.ID })
		}
	}
	i := slices.IndexFunc(m.cat.Objectives, func(x indicators.Objective) bool { return x.ID == o.ID })
	if i < 0 {
		m.cat.Objectives = append(m.cat.Objectives, o)
		return
	}
	m.cat.Objectives[i] = o
}

// finish resolves each objective's axis through its priority, sorts axes and
// priorities by id, and reports references to unknown ones.
func (m *merger) finish() tomlcheck.Problems {
	slices.SortFunc(m.cat.Axes, func(a, b indicators.Axis) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(m.cat.Priorities, func(a, b indicators.Priority) int { return cmp.Compare(a.ID, b.ID) })
	var probs tomlcheck.Problems
	for _, a := range m.cat.Axes {
		if a.Name == "" {
			probs = m.axisRefs[a.ID].add(probs, "required key missing")
		}
	}
	for _, p := range m.cat.Priorities {
		if _, ok := m.cat.AxisOf(p.Axis); !ok {
			msg := fmt.Sprintf("unknown axis %d: no [[axis]] has id = %d", p.Axis, p.Axis)
			if p.Axis == 0 {
				msg = "required key missing"
			}
			probs = m.prioRefs[p.ID].add(probs, msg)
		}
	}
	return append(probs, m.resolveObjectives()...)
}

func (m *merger) resolveObjectives() tomlcheck.Problems {
	var probs tomlcheck.Problems
	for i := range m.cat.Objectives {
		o := &m.cat.Objectives[i]
		j := slices.IndexFunc(m.cat.Priorities, func(p indicators.Priority) bool { return p.ID == o.Priority })
		if j < 0 {
			msg := fmt.Sprintf("unknown priority %d: no [[priority]] has id = %d", o.Priority, o.Priority)
			probs = m.objRefs[o.ID].add(probs, msg)
			continue
		}
		o.Axis = m.cat.Priorities[j].Axis
	}
	return probs
}

// withMsg returns p with its message set.
func withMsg(p tomlcheck.Problem, msg string) tomlcheck.Problem {
	p.Msg = msg
	return p
}

// broken returns the ids of the indicators and objectives that the catalog
// files name but that did not make it into the catalog, given the files'
// problems: nil when there are none.
func (m *merger) broken(probs tomlcheck.Problems) map[string]bool {
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
