package catalogfile

import (
	"fmt"
	"strings"

	"github.com/jalonhq/jalon/indicators"
)

// layered is what the catalog holds before a file is layered on it, to
// tell what the file removes or changes.
type layered struct {
	objectives map[string][]string // objective id → its indicator ids, in order
	indicators map[string]indicators.Indicator
	objRefs    map[string]ref
}

func (m *merger) snapshot() layered {
	l := layered{objectives: map[string][]string{}, indicators: map[string]indicators.Indicator{}, objRefs: map[string]ref{}}
	for _, o := range m.cat.Objectives {
		for _, ind := range o.Indicators {
			l.objectives[o.ID] = append(l.objectives[o.ID], ind.ID)
			l.indicators[ind.ID] = ind
		}
		l.objRefs[o.ID] = m.objRefs[o.ID]
	}
	return l
}

// warn lists what f, now layered over before, changed of it unawares,
// perhaps: objectives it replaced without indicators that have left the
// catalog, indicators whose kind or unit it changed.
func (m *merger) warn(f fileCatalog, before layered) {
	after := m.snapshot()
	for _, o := range f.objectives {
		for _, ind := range o.def.Indicators {
			if prev, ok := before.indicators[ind.ID]; ok {
				m.warnChange(ind, prev, f.indicators[ind.ID])
			}
		}
		old, replaced := before.objectives[o.def.ID]
		if !replaced {
			continue
		}
		var gone []string
		for _, id := range old {
			if _, kept := after.indicators[id]; !kept {
				gone = append(gone, id)
			}
		}
		if len(gone) > 0 && !o.ref.reported {
			was := before.objRefs[o.def.ID].at
			what := "its indicators " + strings.Join(gone, ", ") + ": they leave the catalog (repeat them here to keep them)"
			if len(gone) == 1 {
				what = "its indicator " + gone[0] + ": it leaves the catalog (repeat it here to keep it)"
			}
			m.warnings = append(m.warnings, withMsg(o.ref.at, fmt.Sprintf(
				"warning: replaces objective %q of %s:%d as a whole, without %s", o.def.ID, was.File, was.Line, what)))
		}
	}
}

// warnChange warns of a change in the kind or unit of an indicator, whose
// stored points are then read differently.
func (m *merger) warnChange(ind, prev indicators.Indicator, refs indicatorRefs) {
	was := m.indRefs[ind.ID]
	if ind.Kind != prev.Kind {
		m.warnings = append(m.warnings, withMsg(refs.kind.at, fmt.Sprintf(
			"warning: indicator %s was of kind %s (%s:%d), now %s: its stored points are read with the new kind",
			ind.ID, prev.Kind, was.kind.at.File, was.kind.at.Line, ind.Kind)))
	}
	if ind.Unit != prev.Unit {
		m.warnings = append(m.warnings, withMsg(refs.unit.at, fmt.Sprintf(
			"warning: indicator %s had unit %s (%s:%d), now %s: its stored points are read in the new unit",
			ind.ID, prev.Unit, was.unit.at.File, was.unit.at.Line, ind.Unit)))
	}
}
