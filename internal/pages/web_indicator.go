package pages

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// indicatorPage is one indicator: its chart, the numbers behind its status,
// its points, its alerts and its parts by territory.
type indicatorPage struct {
	pageBase
	Head       indicatorHead
	Series     string // which series the chart and explanation are about
	Chart      svgChart
	Unit       string
	Key        []pageFact
	Explain    []template.HTML
	Milestones []pageMilestone
	Points     webPointTable
	Parts      []webPart
	PartsMore  int    // parts left out of the small multiples
	PartsNote  string // how the parts are judged
	Alerts     webAlertSection
	Revisions  []definitionRow
}

// indicatorHead is what an indicator is: its names, its objective and how
// it is judged.
type indicatorHead struct {
	ID, Name, Href                     string
	Objective, ObjectiveTitle, ObjHref string
	Status, Confidence                 webBadge
	Definition                         []pageFact
	Notes                              string
}

// pageFact is one named value; FR marks a value in the catalog's French.
type pageFact struct {
	Name, Value string
	FR          bool
}

type pageMilestone struct {
	N                     int
	Value, Deadline, When string
	State                 string
}

type definitionRow struct {
	Rev                 int
	Time, Actor, Reason string
}

func (p *pages) indicator(w http.ResponseWriter, r *http.Request) {
	if !p.allowed(w, r) {
		return
	}
	s := p.eval.Current(r.Context())
	id := r.PathValue("id")
	ind, obj, ok := s.Catalog.Indicator(id)
	if !ok {
		p.fail(w, r, http.StatusNotFound, "This indicator is not in the catalog.")
		return
	}
	hist, err := p.pageHistory(id)
	if err != nil {
		p.logger.Error("read history", "indicator", id, "err", err)
		p.fail(w, r, http.StatusInternalServerError, "The store could not be read.")
		return
	}
	revs, truncated, err := p.pointRevisions(id)
	if err != nil {
		p.logger.Error("read audit log", "indicator", id, "err", err)
	}
	b := p.base(r, s, ind.Name, "roadmap")
	page := indicatorPage{pageBase: b, Head: p.indicatorHead(b.L, ind, obj, s)}
	rs := s.Of(id)
	main, parts := evaluator.Headline(rs)
	page.Series = seriesName(p, b.L, main.Labels, parts)
	sh := storedSeriesOf(hist, main.Labels)
	view := p.seriesView(b.L, ind, main, sh, revs, "chart-main")
	page.Chart, page.Explain, page.Key = view.chart, view.explain, view.key
	page.Unit = b.L.numbers(ind).UnitNote()
	page.Milestones = pageMilestones(b.L, ind, main.Eval, view.actuals)
	page.Points = p.webPointTable(b.L, ind, sh, view.actuals, revs, truncated)
	page.Parts, page.PartsMore = p.parts(b.L, ind, rs, hist, revs)
	if ind.Additive() {
		page.PartsNote = b.L.T("A territorial part of this indicator adds up to the national figure, so it is not judged against the national target: only its freshness is watched, and the charts show no plan.")
	}
	page.Alerts = p.webAlertSection(b.L, id)
	page.Revisions = p.definitionRows(page.L, id)
	p.render(w, r, "indicator", page)
}

func (p *pages) indicatorHead(l *lang, ind *indicators.Indicator, obj *indicators.Objective, s *evaluator.Snapshot) indicatorHead {
	main, _ := evaluator.Headline(s.Of(ind.ID))
	h := indicatorHead{ID: ind.ID, Name: ind.Name, Href: indicatorHref(l, ind.ID),
		Objective: obj.ID, ObjectiveTitle: obj.Title, ObjHref: objectiveHref(l, obj.ID),
		Status: l.evalBadge(ind, &main.Eval), Confidence: l.confidenceBadge(main.Eval.Confidence, main.Eval.Probability),
		Notes: ind.Notes}
	h.Definition = definitionFacts(l, ind)
	return h
}

// storedSeriesOf returns the stored series with these labels, or an empty one.
func storedSeriesOf(hist []storedSeries, ls indicators.Labels) storedSeries {
	for _, s := range hist {
		if s.Labels.String() == ls.String() {
			return s
		}
	}
	return storedSeries{Labels: ls}
}

func pageMilestones(l *lang, ind *indicators.Indicator, e indicators.Evaluation, actuals []indicators.Point) []pageMilestone {
	nf := l.numbers(ind)
	states := ind.MilestoneStates(actuals, e.Now)
	var out []pageMilestone
	for i, m := range ind.Milestones {
		row := pageMilestone{N: i + 1, Value: nf.Value(ind.TargetValue(i)), Deadline: dayText(m.Deadline), When: m.DeadlineText}
		switch {
		case states[i] != indicators.MilestonePending:
			row.State = l.T(string(states[i]))
		case i == e.Target:
			row.State = l.T("current target")
		default:
			row.State = l.T("later")
		}
		out = append(out, row)
	}
	return out
}

func (p *pages) definitionRows(l *lang, id string) []definitionRow {
	revs, err := p.store.Revisions(id)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			p.logger.Error("read revisions", "indicator", id, "err", err)
		}
		return nil
	}
	out := make([]definitionRow, 0, len(revs))
	for _, r := range revs {
		out = append(out, definitionRow{Rev: r.Rev, Time: l.stamp(r.Time), Actor: r.Actor, Reason: r.Reason})
	}
	return out
}
