package pages

import (
	"html/template"
	"strings"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/store"
)

// seriesView is one series drawn and explained.
type seriesView struct {
	chart   svgChart
	explain []template.HTML
	key     []pageFact
	actuals []indicators.Point // the series as judged
}

// judgedAs returns the definition a series is judged with: a territorial
// part of an additive indicator is tracked without targets (see
// docs/architecture.md), every other series with the indicator's own.
func judgedAs(ind *indicators.Indicator, ls indicators.Labels) (*indicators.Indicator, bool) {
	if len(ls) > 0 && ind.Additive() {
		return ind.Breakdown(), false
	}
	return ind, true
}

func (p *pages) seriesView(l *lang, ind *indicators.Indicator, res evaluator.Result, sh storedSeries,
	revs map[string][]store.AuditEntry, id string) seriesView {
	in, actuals := p.chartInput(l, ind, res, sh, revs, id, false)
	return seriesView{chart: drawChart(l, in), actuals: actuals,
		explain: explainEvaluation(l, in.ind, res.Eval, actuals), key: keyFacts(l, in.ind, res.Eval)}
}

// chartInput prepares the chart of one series: its actuals as judged, each
// with its source and the revisions the audit log holds for it. It returns
// the actuals too, for the explanation.
func (p *pages) chartInput(l *lang, ind *indicators.Indicator, res evaluator.Result, sh storedSeries,
	revs map[string][]store.AuditEntry, id string, small bool) (chartInput, []indicators.Point) {
	def, judged := judgedAs(ind, res.Labels)
	actuals := def.Actuals(nil, sh.Points)
	count := derivedRate(ind)
	off := len(sh.Points) - len(actuals) // running totals: the first gives no rate
	nf := l.numbers(ind)
	pts := make([]chartPoint, len(actuals))
	for i, a := range actuals {
		pts[i] = chartPoint{Point: a, Note: dayText(a.Time) + ": " + nf.Value(a.Value)}
		if src := sh.Sources[i+off]; src != "" {
			pts[i].Note += " (" + src + ")"
		}
		for _, e := range revs[revisionKey(ind.ID, sh.Labels, a.Time)] {
			pts[i].Revised = true
			pts[i].Note += "; " + l.F("revised on %s, was %s", dayText(e.Time), nf.Raw(e.Old))
			if !count {
				pts[i].Old = append(pts[i].Old, e.Old) // a count's old value is no rate: marked only
			}
		}
	}
	title := ind.Name
	if len(res.Labels) > 0 {
		title = p.labelText(res.Labels)
	}
	return chartInput{id: id, title: title, desc: chartDesc(l, def, res.Eval, judged, len(pts)),
		ind: def, eval: res.Eval, now: res.Eval.Now, points: pts, judged: judged, small: small}, actuals
}

// chartDesc says in words what the chart shows, for screen readers.
func chartDesc(l *lang, ind *indicators.Indicator, e indicators.Evaluation, judged bool, n int) string {
	nf := l.numbers(ind)
	var parts []string
	if judged && len(ind.Milestones) > 0 {
		last := len(ind.Milestones) - 1
		parts = append(parts, l.F("Planned path from %s on %s to %s by %s.", nf.Value(ind.Planned(ind.Baseline.Date)),
			dayText(ind.Baseline.Date), nf.Value(ind.TargetValue(last)), dayText(ind.Milestones[last].Deadline)))
	}
	if e.Latest != nil {
		parts = append(parts, l.F("%d actual points, the latest %s on %s.", n, nf.Value(e.Latest.Value), dayText(e.Latest.Time)))
	} else {
		parts = append(parts, l.T("No actual points yet."))
	}
	if f := e.Forecast; judged && f != nil {
		parts = append(parts, l.F("Forecast on %s: %s (80%% interval %s to %s).", dayText(f.At), nf.Value(f.Value), nf.Value(f.Low), nf.Value(f.High)))
	}
	parts = append(parts, l.F("Status: %s. Confidence: %s.", l.statusText(e.Status), l.confidenceText(e.Confidence)))
	return strings.Join(parts, " ")
}

// keyFacts are the figures of the evaluation, as docs/trajectory.md's
// closing table lists them.
func keyFacts(l *lang, ind *indicators.Indicator, e indicators.Evaluation) []pageFact {
	nf := l.numbers(ind)
	out := []pageFact{{Name: l.T("Status"), Value: l.statusText(e.Status)}, {Name: l.T("Delivery confidence"), Value: l.confidenceText(e.Confidence)}}
	if e.Latest != nil {
		out = append(out, pageFact{Name: l.T("Latest actual"), Value: e.Latest.Qualifier.Qualify(nf.Exact(e.Latest.Value)) + " · " + dayText(e.Latest.Time)})
	}
	if e.Target < 0 {
		return out
	}
	m := ind.Milestones[e.Target]
	out = append(out, pageFact{Name: l.T("Current target"), Value: l.F("milestone %d: %s by %s", e.Target+1, nf.Value(ind.TargetValue(e.Target)), dayText(m.Deadline))})
	if e.Latest != nil {
		out = append(out, pageFact{Name: l.T("Planned at the latest actual"), Value: nf.Exact(e.PlannedAtLatest)})
	}
	out = append(out, pageFact{Name: l.T("Planned today"), Value: nf.Exact(e.PlannedNow)})
	if !notFinite(e.Gap) && ind.Kind != indicators.KindMilestone {
		out = append(out, pageFact{Name: l.T("Gap"), Value: l.precise(e.Gap) + " (" + l.ratio(e.Gap) + ")"})
	}
	if !notFinite(e.Progress) {
		out = append(out, pageFact{Name: l.T("Progress"), Value: l.ratio(e.Progress)})
	}
	if f := e.Forecast; f != nil {
		out = append(out, pageFact{Name: l.F("Forecast on %s", dayText(f.At)), Value: nf.Exact(f.Value)},
			pageFact{Name: l.T("80% interval"), Value: nf.Exact(f.Low) + " – " + nf.Exact(f.High)})
	}
	if !notFinite(e.Probability) {
		out = append(out, pageFact{Name: l.T("Probability of meeting the target"), Value: l.prob(e.Probability)})
	}
	if pf, ok := paceFact(l, ind, e); ok {
		out = append(out, pf)
	}
	return out
}

// definitionFacts say how the indicator is defined and judged.
func definitionFacts(l *lang, ind *indicators.Indicator) []pageFact {
	nf := l.numbers(ind)
	shape := string(ind.Shape)
	if shape == "" {
		shape = string(indicators.ShapeLinear)
	}
	out := []pageFact{
		{Name: l.T("Kind"), Value: l.T(string(ind.Kind))},
		{Name: l.T("Values"), Value: nf.UnitNote()},
		{Name: l.T("Direction"), Value: l.T(string(ind.Direction))},
		{Name: l.T("Baseline"), Value: nf.Value(ind.Planned(ind.Baseline.Date)) + " · " + dayText(ind.Baseline.Date)},
		{Name: l.T("Plan shape"), Value: l.T(shape)},
	}
	if ind.Cadence > 0 {
		out = append(out, pageFact{Name: l.T("Cadence"), Value: l.F("every %d days", wholeDays(ind.Cadence))})
	}
	if len(ind.Dimensions) > 0 {
		out = append(out, pageFact{Name: l.T("Dimensions"), Value: strings.Join(ind.Dimensions, ", ")})
	}
	if ind.Source != "" {
		out = append(out, pageFact{Name: l.T("Source"), Value: ind.Source})
	}
	return out
}
