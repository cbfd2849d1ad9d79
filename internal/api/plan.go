package api

import (
	"fmt"
	"maps"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/common/model"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

const (
	// defaultPlanStep is the spacing of the planned path's rows when the
	// request gives no step.
	defaultPlanStep = 7 * 24 * time.Hour
	// maxPlanRows bounds the planned path's rows: daily rows over the five
	// years of a roadmap fit; a step that would give more is widened.
	maxPlanRows = 2000
)

// Plan serves GET /api/v1/indicators/{id}/plan?from=&to=&step=&labels=: what
// Grafana cannot get from Prometheus because it lies in the future — the
// planned path from the baseline to the last deadline, the forecast from the
// latest point to the current target's deadline, and the milestones, also as
// annotations. labels picks the series (default: the one without labels).
func (a *API) Plan() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		s, def, _, ok := a.indicatorOf(w, r)
		if !ok {
			return
		}
		q, err := parsePlanQuery(r, def)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		res, ok := seriesWithLabels(s.Of(def.ID), q.labels)
		if !ok {
			writeError(w, http.StatusNotFound, fmt.Sprintf("indicator %q has no series %s", def.ID, indicators.NewLabels(q.labels)))
			return
		}
		writeJSON(w, http.StatusOK, newPlanResponse(def, res, q))
	})
}

type planQuery struct {
	seriesQuery
	step time.Duration
}

func parsePlanQuery(r *http.Request, ind *indicators.Indicator) (planQuery, error) {
	q := planQuery{step: defaultPlanStep}
	values, err := parseQuery(r)
	if err != nil {
		return q, err
	}
	if q.seriesQuery, err = parseSeriesQuery(values, ind); err != nil {
		return q, err
	}
	s, err := single(values, "step")
	if err != nil || s == "" {
		return q, err
	}
	q.step, err = parseStep(s)
	return q, err
}

// parseStep reads a step as Prometheus's query API does: seconds, or a
// duration such as 1w, 1d or 12h (Grafana's $__interval).
func parseStep(s string) (time.Duration, error) {
	var d time.Duration
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < float64(math.MaxInt64/time.Second) { // else it overflows; NaN fails too
			d = time.Duration(f * float64(time.Second))
		}
	} else if md, err := model.ParseDuration(s); err == nil {
		d = time.Duration(md)
	}
	if d <= 0 {
		return 0, fmt.Errorf("step: %q is not a positive number of seconds or a duration such as 1w, 1d or 12h", s)
	}
	return d, nil
}

// seriesWithLabels returns the result whose labels are exactly want, a
// label with an empty value meaning that the series has no such label (as
// in the series endpoint).
func seriesWithLabels(rs []evaluator.Result, want map[string]string) (evaluator.Result, bool) {
	want = maps.Clone(want)
	maps.DeleteFunc(want, func(_, v string) bool { return v == "" })
	for _, r := range rs {
		if maps.Equal(r.Labels.Map(), want) {
			return r, true
		}
	}
	return evaluator.Result{}, false
}
