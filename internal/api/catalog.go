package api

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/wire"
)

// indicatorViewOf is the view of an indicator and its series' results.
func (a *API) indicatorViewOf(ind wire.Indicator, def *indicators.Indicator, rs []evaluator.Result) wire.IndicatorStatus {
	v := wire.IndicatorStatus{Indicator: ind, Evaluations: views(def, rs)}
	if r, parts := evaluator.Headline(rs); parts > 0 {
		v.WorstPart = &wire.Part{Labels: r.Labels.Map(), Name: a.partName(r.Labels)}
	}
	return v
}

// partName names a label set for people: "Lyon (69), Auvergne-Rhône-Alpes (84)".
func (a *API) partName(ls indicators.Labels) string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.Name + "=" + l.Value
		if a.codes != nil {
			names[i] = a.codes.LabelText(l.Name, l.Value)
		}
	}
	return strings.Join(names, ", ")
}

// Objectives serves GET /api/v1/objectives: the catalog, in the JSON shape
// of `jalonctl catalog show --format json`, with every indicator's current
// evaluation per label set.
func (a *API) Objectives() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		s := a.eval.Current(r.Context())
		byIndicator := resultsByIndicator(s)
		cj := wire.FromCatalog(s.Catalog)
		out := wire.Objectives{EvaluatedAt: s.At.UTC().Format("2006-01-02T15:04:05Z07:00")}
		for oi, o := range cj.Objectives {
			ov := wire.ObjectiveStatus{Objective: o}
			for ii, ind := range o.Indicators {
				def := &s.Catalog.Objectives[oi].Indicators[ii]
				ov.Indicators = append(ov.Indicators, a.indicatorViewOf(ind, def, byIndicator[def.ID]))
			}
			out.Objectives = append(out.Objectives, ov)
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// Indicator serves GET /api/v1/indicators/{id}: the definition and the
// evaluation of each of its series.
func (a *API) Indicator() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		s, def, obj, ok := a.indicatorOf(w, r)
		if !ok {
			return
		}
		writeJSON(w, http.StatusOK, wire.IndicatorDetail{Objective: obj.ID, IndicatorStatus: a.indicatorViewOf(wire.FromIndicator(*def), def, s.Of(def.ID))})
	})
}

// indicatorOf finds the indicator named in the path in the latest snapshot,
// answering 404 when the catalog has none.
func (a *API) indicatorOf(w http.ResponseWriter, r *http.Request) (*evaluator.Snapshot, *indicators.Indicator, *indicators.Objective, bool) {
	s := a.eval.Current(r.Context())
	id := r.PathValue("id")
	def, obj, ok := s.Catalog.Indicator(id)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("indicator %q is not in the catalog", id))
	}
	return s, def, obj, ok
}

func resultsByIndicator(s *evaluator.Snapshot) map[string][]evaluator.Result {
	out := map[string][]evaluator.Result{}
	for _, r := range s.Results {
		out[r.Indicator] = append(out[r.Indicator], r)
	}
	return out
}

func views(def *indicators.Indicator, rs []evaluator.Result) []wire.Evaluation {
	out := make([]wire.Evaluation, 0, len(rs))
	for _, r := range rs {
		out = append(out, viewEvaluation(def, r))
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Labels) < len(out[j].Labels) })
	return out
}
