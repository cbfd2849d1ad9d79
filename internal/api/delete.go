package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/ingest/decode"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/wire"
)

// maxReasonBytes bounds a deletion's reason, kept in the audit log.
const maxReasonBytes = 1000

// DeleteSeries serves DELETE /api/v1/indicators/{id}/series?labels=&all=&reason=,
// admin only: it removes the series the labels select (without labels, the
// series without labels), refusing a selection of several unless all=true.
func (a *API) DeleteSeries() http.Handler {
	return a.deleteHandler(func(values url.Values, ind *indicators.Indicator, all []store.Series) ([]store.Target, error) {
		if err := knownParams(values, "labels", "all", "reason"); err != nil {
			return nil, err
		}
		every, err := single(values, "all")
		if err != nil {
			return nil, err
		}
		if every != "" && every != "true" && every != "false" {
			return nil, fmt.Errorf("all: %q: want true or false", every)
		}
		matched, err := selectSeries(values, ind, all, every == "true")
		if err != nil {
			return nil, err
		}
		targets := make([]store.Target, len(matched))
		for i, s := range matched {
			targets[i] = store.Target{Indicator: s.Indicator, Labels: s.Labels}
		}
		return targets, nil
	})
}

// DeletePoint serves DELETE /api/v1/indicators/{id}/points?time=&labels=&reason=,
// admin only: it removes one point of one series.
func (a *API) DeletePoint() http.Handler {
	return a.deleteHandler(func(values url.Values, ind *indicators.Indicator, all []store.Series) ([]store.Target, error) {
		if err := knownParams(values, "time", "labels", "reason"); err != nil {
			return nil, err
		}
		at, err := single(values, "time")
		if err != nil {
			return nil, err
		}
		t, err := decode.ParseTime(at)
		if err != nil {
			return nil, fmt.Errorf("time: %w; give the time of the point to delete", err)
		}
		matched, err := selectSeries(values, ind, all, false)
		if err != nil {
			return nil, err
		}
		return []store.Target{{Indicator: ind.ID, Labels: matched[0].Labels, At: t}}, nil
	})
}

// targetsFunc reads a deletion's query into the targets to delete, given
// the indicator's series.
type targetsFunc func(values url.Values, ind *indicators.Indicator, all []store.Series) ([]store.Target, error)

func (a *API) deleteHandler(targetsOf targetsFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireAdmin(w, r) {
			return
		}
		p, _ := a.auth.authenticate(r)
		id := r.PathValue("id")
		ind, _, ok := a.eval.Catalog().Indicator(id)
		if !ok {
			writeError(w, http.StatusNotFound, fmt.Sprintf("indicator %q is not in the catalog", id))
			return
		}
		values, err := parseQuery(r)
		var reason string
		if err == nil {
			reason, err = deleteReason(values)
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error()+"; nothing was deleted")
			return
		}
		all, err := a.store.SeriesOf(id)
		if err != nil {
			writeStoreError(w, err)
			return
		}
		targets, err := targetsOf(values, ind, all)
		if err != nil {
			code := http.StatusBadRequest
			if errors.Is(err, errNoSeries) {
				code = http.StatusNotFound
			}
			writeError(w, code, err.Error()+"; nothing was deleted")
			return
		}
		a.delete(w, r, id, targets, reason, p.name())
	})
}

// delete removes targets, tells the evaluator and answers with what went.
func (a *API) delete(w http.ResponseWriter, r *http.Request, id string, targets []store.Target, reason, actor string) {
	removed, err := a.store.Delete(r.Context(), targets, reason, actor)
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, fmt.Sprintf("indicator %q: %v; nothing was deleted", id, err))
		return
	case err != nil:
		writeStoreError(w, err)
		return
	}
	touched := make([]indicators.Measurement, len(removed))
	out := wire.Deletion{Indicator: id, Reason: reason}
	for i, rm := range removed {
		touched[i] = indicators.Measurement{Indicator: rm.Indicator, Labels: rm.Labels}
		out.Points += len(rm.Points)
		out.Series = append(out.Series, wire.DeletedSeries{Labels: rm.Labels.Map(), Gone: rm.SeriesGone, Points: storedPoints(rm.Points)})
	}
	a.eval.Touch(touched)
	a.logger.Info("points deleted", "indicator", id, "series", len(removed), "points", out.Points, "actor", actor, "reason", reason)
	writeJSON(w, http.StatusOK, out)
}

// deleteReason reads the mandatory reason parameter.
func deleteReason(values url.Values) (string, error) {
	reason, err := single(values, "reason")
	switch {
	case err != nil:
		return "", err
	case strings.TrimSpace(reason) == "":
		return "", errors.New("reason: required: say why these values are deleted (reason=…), it is kept in the audit log")
	case len(reason) > maxReasonBytes:
		return "", fmt.Errorf("reason: %d bytes, at most %d", len(reason), maxReasonBytes)
	}
	if err := indicators.CheckText(reason); err != nil {
		return "", fmt.Errorf("reason: %w", err)
	}
	return reason, nil
}

// errNoSeries is a selection that matches no series: 404.
var errNoSeries = errors.New("no such series")

// selectSeries returns the series a deletion's labels select: without
// labels, the series without labels (every series with all); with labels,
// those the filter matches, of which there must be one unless all.
func selectSeries(values url.Values, ind *indicators.Indicator, series []store.Series, all bool) ([]store.Series, error) {
	raw, err := single(values, "labels")
	if err != nil {
		return nil, err
	}
	filter, err := parseLabelFilter(raw, ind)
	if err != nil {
		return nil, err
	}
	q := seriesQuery{labels: filter}
	var matched []store.Series
	for _, s := range series {
		if (raw == "" && !all && len(s.Labels) > 0) || !q.matches(s.Labels) {
			continue
		}
		matched = append(matched, s)
	}
	switch {
	case len(matched) == 0 && raw == "":
		return nil, fmt.Errorf("indicator %q has no series without labels; give labels=name=value to select one: %w", ind.ID, errNoSeries)
	case len(matched) == 0:
		return nil, fmt.Errorf("labels %q match no series of indicator %q: %w", raw, ind.ID, errNoSeries)
	case len(matched) > 1 && !all:
		names := make([]string, 0, 5)
		for _, s := range matched[:min(5, len(matched))] {
			names = append(names, s.Labels.String())
		}
		return nil, fmt.Errorf("labels %q match %d series (%s…): give every label of the one to delete (DELETE …/series also takes all=true to delete them all)",
			raw, len(matched), strings.Join(names, ", "))
	}
	return matched, nil
}
