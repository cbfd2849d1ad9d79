package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/internal/ingest/decode"
	"github.com/jalonhq/jalon/wire"
)

// AssessmentBook keeps the owners' assessments: assessment.Book over the
// daemon's store.
type AssessmentBook interface {
	Record(a assessment.Assessment, actor string) error
	History(objective string) ([]assessment.Assessment, error)
}

// maxAssessmentBody bounds an assessment's body: its texts' limits and
// room for JSON escapes.
const maxAssessmentBody = 64 << 10

// Assess serves POST /api/v1/objectives/{id}/assessments: an owners'
// assessment recorded with its author and time, for a token with an
// assess scope matching the objective, or admin.
func (a *API) Assess(book AssessmentBook) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		p, ok := a.requireAssess(w, r, id)
		if !ok {
			return
		}
		o, found := a.eval.Catalog().Objective(id)
		if !found {
			writeError(w, http.StatusNotFound, fmt.Sprintf("objective %q is not in the catalog", id))
			return
		}
		in, probs := readAssessment(w, r)
		if len(probs) > 0 {
			writeError(w, http.StatusBadRequest, "malformed body; nothing was recorded", probs...)
			return
		}
		as, err := a.RecordAssessment(book, o, in, p.name())
		if err != nil {
			a.assessFailed(w, id, err)
			return
		}
		writeJSON(w, http.StatusCreated, assessmentWire(as))
	})
}

// RecordAssessment checks in against objective o and records it, by actor
// (the token's name, the author's when in names none): the API's rule,
// which the pages' form applies too.
func (a *API) RecordAssessment(book AssessmentBook, o *indicators.Objective, in wire.AssessmentInput, actor string) (assessment.Assessment, error) {
	if in.Author == "" {
		in.Author = actor
	}
	as := assessment.Assessment{Objective: o.ID, Indicator: in.Indicator, Rating: indicators.Confidence(in.Rating),
		Comment: in.Comment, Actions: in.Actions, Author: in.Author, Time: a.opts.Now().UTC()}
	if err := as.CheckIn(o); err != nil {
		return as, err
	}
	if err := book.Record(as, actor); err != nil {
		return as, err
	}
	a.logger.Info("assessment recorded", "objective", o.ID, "indicator", in.Indicator, "rating", in.Rating, "actor", actor)
	return as, nil
}

func (a *API) assessFailed(w http.ResponseWriter, id string, err error) {
	if errors.Is(err, assessment.ErrInvalid) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("invalid assessment of objective %s; nothing was recorded", id), err.Error())
		return
	}
	a.logger.Error("record assessment", "objective", id, "err", err)
	writeError(w, http.StatusServiceUnavailable, "store: "+err.Error())
}

// readAssessment decodes the body strictly, every problem named.
func readAssessment(w http.ResponseWriter, r *http.Request) (wire.AssessmentInput, []string) {
	var in wire.AssessmentInput
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAssessmentBody))
	if err != nil {
		return in, []string{fmt.Sprintf("read body: %v (at most %d bytes)", err, maxAssessmentBody)}
	}
	if err := decode.StrictKeys(body, []string{"indicator", "rating", "comment", "actions", "author"}); err != nil {
		return in, []string{err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return in, []string{decode.ErrorText(err)}
	}
	if dec.More() {
		return in, []string{"data after the JSON object"}
	}
	return in, nil
}

// Assessments serves GET /api/v1/objectives/{id}/assessments: the whole
// history of an objective's assessments, read scope.
func (a *API) Assessments(book AssessmentBook) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		id := r.PathValue("id")
		s := a.eval.Current(r.Context())
		if _, found := s.Catalog.Objective(id); !found {
			writeError(w, http.StatusNotFound, fmt.Sprintf("objective %q is not in the catalog", id))
			return
		}
		hist, err := book.History(id)
		if err != nil {
			a.logger.Error("read assessments", "objective", id, "err", err)
			writeError(w, http.StatusServiceUnavailable, "store: "+err.Error())
			return
		}
		computed := assessment.Computed(s, assessment.Key{Objective: id})
		out := wire.Assessments{Objective: id, ComputedConfidence: string(computed), Assessments: make([]wire.Assessment, 0, len(hist))}
		for _, as := range hist {
			out.Assessments = append(out.Assessments, assessmentWire(as))
		}
		if latest, ok := assessment.LatestOf(hist)[assessment.Key{Objective: id}]; ok {
			out.Diverges = assessment.Diverges(latest.Rating, computed)
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func assessmentWire(as assessment.Assessment) wire.Assessment {
	return wire.Assessment{Objective: as.Objective, Indicator: as.Indicator, Rating: string(as.Rating),
		Comment: as.Comment, Actions: as.Actions, Author: as.Author, Time: as.Time.UTC()}
}

// requireAssess applies the assess rule: a token with an assess scope
// matching the objective, or admin; with no token configured, loopback.
func (a *API) requireAssess(w http.ResponseWriter, r *http.Request, objective string) (principal, bool) {
	p, ok := a.auth.authenticate(r)
	switch {
	case !ok:
		a.unauthorized(w)
	case p.canAssess(objective):
		return p, true
	case a.auth.open():
		writeError(w, http.StatusForbidden, p.refusal("assessments"))
	default:
		writeError(w, http.StatusForbidden, fmt.Sprintf("token %q has no assess scope for objective %s (want \"assess:%s\", a glob matching it, or admin)", p.name(), objective, objective))
	}
	return p, false
}

// CanAssess applies the assess rule to r, for the pages' form: who is
// the caller's name when ok.
func (a *API) CanAssess(r *http.Request, objective string) (who string, ok, authenticated bool) {
	p, authenticated := a.auth.authenticate(r)
	return p.name(), authenticated && p.canAssess(objective), authenticated
}
