package server

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/jalonhq/jalon/catalogjson"
	"github.com/jalonhq/jalon/evaluator"
	"github.com/jalonhq/jalon/indicators"
)

// objectiveView is an objective in the catalog's JSON contract, each
// indicator carrying its current evaluations.
type objectiveView struct {
	catalogjson.Objective
	Indicators []indicatorView `json:"indicators"`
}

type indicatorView struct {
	catalogjson.Indicator
	Evaluations []evaluationView `json:"evaluations"`
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
		cj := catalogjson.FromCatalog(s.Catalog)
		out := struct {
			EvaluatedAt string          `json:"evaluated_at"`
			Objectives  []objectiveView `json:"objectives"`
		}{EvaluatedAt: s.At.UTC().Format("2006-01-02T15:04:05Z07:00")}
		for oi, o := range cj.Objectives {
			ov := objectiveView{Objective: o}
			for ii, ind := range o.Indicators {
				def := &s.Catalog.Objectives[oi].Indicators[ii]
				ov.Indicators = append(ov.Indicators, indicatorView{Indicator: ind, Evaluations: views(def, byIndicator[def.ID])})
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
		writeJSON(w, http.StatusOK, struct {
			Objective string `json:"objective"`
			indicatorView
		}{obj.ID, indicatorView{Indicator: catalogjson.FromIndicator(*def), Evaluations: views(def, s.Of(def.ID))}})
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

func views(def *indicators.Indicator, rs []evaluator.Result) []evaluationView {
	out := make([]evaluationView, 0, len(rs))
	for _, r := range rs {
		out = append(out, viewEvaluation(def, r))
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Labels) < len(out[j].Labels) })
	return out
}
