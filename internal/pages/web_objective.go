package pages

import (
	"net/http"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// objectivePage is one objective: the roadmap's own words, its owners and
// each of its indicators with its chart and key figures.
type objectivePage struct {
	pageBase
	Group      objectiveGroup // the objective's row group, as on the roadmap
	TargetText string
	AxisTitle  string
	Indicators []objectiveIndicator
	Assessment *assessView
	Form       *assessForm
}

type objectiveIndicator struct {
	Row        indicatorRow
	Series     string
	Unit       string
	Chart      svgChart
	Key        []pageFact
	Milestones []pageMilestone
}

func (p *pages) objective(w http.ResponseWriter, r *http.Request) {
	if !p.allowed(w, r) {
		return
	}
	s := p.eval.Current(r.Context())
	o, ok := s.Catalog.Objective(r.PathValue("id"))
	if !ok {
		p.fail(w, r, http.StatusNotFound, "This objective is not in the catalog.")
		return
	}
	ids := make([]string, len(o.Indicators))
	for i, ind := range o.Indicators {
		ids[i] = ind.ID
	}
	revs, _, err := p.pointRevisions(ids...)
	if err != nil {
		p.logger.Error("read audit log", "objective", o.ID, "err", err)
	}
	b := p.base(r, s, o.ID+" · "+o.Title, "roadmap")
	page := objectivePage{pageBase: b, Group: p.objectiveGroup(b.L, s, o), TargetText: o.TargetText}
	if a, ok := s.Catalog.AxisOf(o.Axis); ok {
		page.AxisTitle = a.Title
	}
	page.Assessment, page.Form = p.assessSection(w, r, b.L, o, assessment.Computed(s, assessment.Key{Objective: o.ID}))
	for i := range o.Indicators {
		ind := &o.Indicators[i]
		hist, err := p.pageHistory(ind.ID)
		if err != nil {
			p.logger.Error("read history", "indicator", ind.ID, "err", err)
			p.fail(w, r, http.StatusInternalServerError, "The store could not be read.")
			return
		}
		main, parts := evaluator.Headline(s.Of(ind.ID))
		v := p.seriesView(b.L, ind, main, storedSeriesOf(hist, main.Labels), revs, "chart-"+ind.ID)
		oi := objectiveIndicator{Row: page.Group.Rows[i], Chart: v.chart, Key: v.key, Unit: b.L.numbers(ind).UnitNote(),
			Milestones: pageMilestones(b.L, ind, main.Eval, v.actuals), Series: seriesName(p, b.L, main.Labels, parts)}
		page.Indicators = append(page.Indicators, oi)
	}
	p.render(w, r, "objective", page)
}

// seriesName says which series speaks for an indicator.
func seriesName(p *pages, l *lang, ls indicators.Labels, parts int) string {
	if parts == 0 {
		return l.T("National series")
	}
	return l.F("No national series: the most worrying of %d series, %s", parts, p.labelText(ls))
}
