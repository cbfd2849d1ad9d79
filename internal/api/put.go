package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/wire"
)

// PutIndicator serves PUT /api/v1/indicators/{id}, admin only: it changes an
// indicator's targets (name, baseline, milestones, tolerance), stores the
// definition as a new revision with the caller and the reason given, and
// re-evaluates with it. An edit equal to the current definition stores
// nothing. Mount the handler once: it serialises the edits it serves, so
// that two edits never publish catalogs that each miss the other.
func (a *API) PutIndicator() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireAdmin(w, r) {
			return
		}
		p, _ := a.auth.authenticate(r)
		edit, ok := a.readEdit(w, r)
		if !ok {
			return
		}
		// Held from reading the catalog in force to publishing the next, so
		// that two edits cannot each start from the same catalog.
		a.edits.Lock()
		defer a.edits.Unlock()
		cat, id := a.eval.Catalog(), r.PathValue("id")
		cur, _, found := cat.Indicator(id)
		if !found {
			writeError(w, http.StatusNotFound, fmt.Sprintf("indicator %q is not in the catalog", id))
			return
		}
		updated, bad := edit.apply(*cur)
		if probs := edit.problems(&updated, bad); len(probs) > 0 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("invalid targets for indicator %q; nothing was changed", id), probs...)
			return
		}
		rev, changed, err := a.store.PutIndicator(store.NewStoredIndicator(updated), p.name(), edit.Reason)
		if err != nil {
			a.logger.Error("store indicator", "indicator", id, "err", err)
			writeError(w, http.StatusServiceUnavailable, "store: "+err.Error())
			return
		}
		if changed {
			a.eval.SetCatalog(withIndicator(cat, updated))
			a.logger.Info("indicator targets changed", "indicator", id, "revision", rev, "actor", p.name())
		}
		writeJSON(w, http.StatusOK, wire.EditResult{Indicator: wire.FromIndicator(updated), Revision: rev, Changed: changed})
	})
}

// readEdit reads the JSON body of an edit, or writes why it cannot.
func (a *API) readEdit(w http.ResponseWriter, r *http.Request) (targetEdit, bool) {
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); ct != "" && (err != nil || mt != "application/json") {
		writeError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q: want application/json", ct))
		return targetEdit{}, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.opts.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", tooBig.Limit))
			return targetEdit{}, false
		}
		writeError(w, http.StatusBadRequest, "read body: "+err.Error())
		return targetEdit{}, false
	}
	edit, probs := decodeEdit(body)
	if len(probs) > 0 {
		writeError(w, http.StatusBadRequest, "malformed body; nothing was changed", probs...)
		return targetEdit{}, false
	}
	return edit, true
}

// withIndicator returns a copy of c with ind in place of the indicator of
// the same id. The published catalog is shared by readers, so the objectives
// and the indicators of the objective changed are copied, never written to.
func withIndicator(c *indicators.Catalog, ind indicators.Indicator) *indicators.Catalog {
	next := *c
	next.Objectives = slices.Clone(c.Objectives)
	for oi := range next.Objectives {
		o := &next.Objectives[oi]
		if i := slices.IndexFunc(o.Indicators, func(x indicators.Indicator) bool { return x.ID == ind.ID }); i >= 0 {
			o.Indicators = slices.Clone(o.Indicators)
			o.Indicators[i] = ind
			break
		}
	}
	return &next
}

// Revisions serves GET /api/v1/indicators/{id}/revisions: every stored
// definition of the indicator, oldest first, with who stored it and why. An
// indicator of the catalog with none stored yet has an empty list.
func (a *API) Revisions() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		id := r.PathValue("id")
		revs, err := a.store.Revisions(id)
		if errors.Is(err, store.ErrNotFound) {
			if _, _, ok := a.eval.Catalog().Indicator(id); !ok {
				writeError(w, http.StatusNotFound, fmt.Sprintf("indicator %q is not in the catalog and has no revisions", id))
				return
			}
			err = nil
		}
		if err != nil {
			a.logger.Error("read revisions", "indicator", id, "err", err)
			writeError(w, http.StatusServiceUnavailable, "store: "+err.Error())
			return
		}
		out := make([]wire.Revision, 0, len(revs))
		for _, rv := range revs {
			out = append(out, wire.Revision{Rev: rv.Rev, Time: rv.Time.UTC(), Actor: rv.Actor, Reason: rv.Reason,
				Definition: wire.FromIndicator(rv.Definition.Indicator())})
		}
		writeJSON(w, http.StatusOK, wire.Revisions{Indicator: id, Revisions: out})
	})
}
