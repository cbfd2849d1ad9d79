package pages

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// roadmapPage is the roadmap as a live table: one row group per objective,
// one row per indicator, filtered by plain GET parameters.
type roadmapPage struct {
	pageBase
	Filter     roadmapFilter
	Form       filterForm
	Counts     []statusCount
	Shown      int // indicators shown
	Total      int // indicators in the catalog
	Objectives int // objectives shown
	// AllObjectives is the number of objectives in the catalog.
	AllObjectives int
	Groups        []objectiveGroup
}

type objectiveGroup struct {
	ID, Href, Title string
	Axis            axisCell
	Priority        priorityCell
	Owners          []string // main owner first
	Rows            []indicatorRow
}

type axisCell struct {
	ID          int
	Name, Gloss string
}

type priorityCell struct {
	ID    int
	Title string
}

// indicatorRow is one indicator's headline series in the table.
type indicatorRow struct {
	ID, Href, Name         string
	Status, Confidence     webBadge
	StatusCode             string
	Latest, LatestDate     string
	Planned                string
	Target, Deadline, When string // next target, its date and the text's words
	Parts                  string // "worst of 3 series: Bretagne (53)" when no national series
}

type statusCount struct {
	Badge   webBadge
	N       int
	Href    string
	Current bool
}

func (p *pages) roadmap(w http.ResponseWriter, r *http.Request) {
	if !p.allowed(w, r) {
		return
	}
	s := p.eval.Current(r.Context())
	b := p.base(r, s, "", "roadmap")
	b.Title, b.Heading = s.Catalog.Name, s.Catalog.Name
	f := parseRoadmapFilter(r)
	page := roadmapPage{pageBase: b, Filter: f, Form: p.filterForm(b.L, s.Catalog, f), AllObjectives: len(s.Catalog.Objectives)}
	counts := map[indicators.Status]int{}
	for oi := range s.Catalog.Objectives {
		o := &s.Catalog.Objectives[oi]
		g := p.objectiveGroup(b.L, s, o)
		page.Total += len(o.Indicators)
		if !f.keepObjective(o) {
			continue
		}
		rows := g.Rows[:0]
		for _, row := range g.Rows {
			if !f.keepConfidence(row) {
				continue
			}
			counts[indicators.Status(row.StatusCode)]++
			if f.keepStatus(row) {
				rows = append(rows, row)
			}
		}
		if g.Rows = rows; len(rows) > 0 {
			page.Groups = append(page.Groups, g)
			page.Shown += len(rows)
		}
	}
	page.Objectives = len(page.Groups)
	page.Counts = p.statusCounts(b.L, f, counts)
	p.render(w, r, "roadmap", page)
}

func (p *pages) objectiveGroup(l *lang, s *evaluator.Snapshot, o *indicators.Objective) objectiveGroup {
	g := objectiveGroup{ID: o.ID, Href: objectiveHref(l, o.ID), Title: o.Title, Owners: o.Owners,
		Axis: axisCell{ID: o.Axis}, Priority: priorityCell{ID: o.Priority}}
	if a, ok := s.Catalog.AxisOf(o.Axis); ok {
		g.Axis.Name, g.Axis.Gloss = a.Name, l.gloss(a.Name)
	}
	for _, pr := range s.Catalog.Priorities {
		if pr.ID == o.Priority {
			g.Priority.Title = pr.Title
		}
	}
	for ii := range o.Indicators {
		ind := &o.Indicators[ii]
		g.Rows = append(g.Rows, p.indicatorRow(l, ind, s.Of(ind.ID)))
	}
	return g
}

func (p *pages) indicatorRow(l *lang, ind *indicators.Indicator, rs []evaluator.Result) indicatorRow {
	r, parts := evaluator.Headline(rs)
	e, nf := r.Eval, l.numbers(ind)
	row := indicatorRow{ID: ind.ID, Href: indicatorHref(l, ind.ID), Name: ind.Name,
		Status: l.evalBadge(ind, &e), StatusCode: string(e.Status),
		Confidence: l.confidenceBadge(e.Confidence, e.Probability), Latest: "—", LatestDate: "", Planned: "—"}
	if parts > 0 {
		row.Parts = l.F("worst of %d series: %s", parts, p.labelText(r.Labels))
	}
	if e.Latest != nil {
		row.Latest, row.LatestDate = e.Latest.Qualifier.Qualify(nf.Value(e.Latest.Value)), dayText(e.Latest.Time)
	}
	if e.Target >= 0 {
		m := ind.Milestones[e.Target]
		row.Planned = nf.Value(e.PlannedNow)
		row.Target, row.Deadline, row.When = nf.Value(ind.TargetValue(e.Target)), dayText(m.Deadline), m.DeadlineText
	}
	return row
}

// roadmapFilter is the table's filter, from the query: axis, owner,
// status and confidence, each repeatable; empty means all.
type roadmapFilter struct {
	Axes, Owners, Statuses, Confidences []string
}

func parseRoadmapFilter(r *http.Request) roadmapFilter {
	return roadmapFilter{Axes: queryValues(r, "axis"), Owners: queryValues(r, "owner"),
		Statuses: queryValues(r, "status"), Confidences: queryValues(r, "confidence")}
}

func (f roadmapFilter) keepObjective(o *indicators.Objective) bool {
	if len(f.Axes) > 0 && !slices.Contains(f.Axes, strconv.Itoa(o.Axis)) {
		return false
	}
	return len(f.Owners) == 0 || slices.ContainsFunc(o.Owners, func(ow string) bool { return slices.Contains(f.Owners, ow) })
}

func (f roadmapFilter) keepConfidence(row indicatorRow) bool {
	return len(f.Confidences) == 0 || slices.Contains(f.Confidences, row.Confidence.Class[len("conf-"):])
}

func (f roadmapFilter) keepStatus(row indicatorRow) bool {
	return len(f.Statuses) == 0 || slices.Contains(f.Statuses, row.StatusCode)
}

func (f roadmapFilter) values() url.Values {
	q := url.Values{}
	for name, vs := range map[string][]string{"axis": f.Axes, "owner": f.Owners, "status": f.Statuses, "confidence": f.Confidences} {
		if len(vs) > 0 {
			q[name] = vs
		}
	}
	return q
}

// Active reports whether any filter is set.
func (f roadmapFilter) Active() bool {
	return len(f.Axes)+len(f.Owners)+len(f.Statuses)+len(f.Confidences) > 0
}

// statusCounts are the counts per status of the indicators the other
// filters keep, each a link that narrows the table to that status.
func (p *pages) statusCounts(l *lang, f roadmapFilter, counts map[indicators.Status]int) []statusCount {
	out := make([]statusCount, 0, len(indicators.Statuses))
	for _, st := range indicators.Statuses {
		q := f.values()
		q.Set("status", string(st))
		out = append(out, statusCount{Badge: l.statusBadge(st), N: counts[st], Href: l.Href("/", q),
			Current: slices.Contains(f.Statuses, string(st))})
	}
	return out
}
