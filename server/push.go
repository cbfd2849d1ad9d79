package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/jalonhq/jalon/indicators"
)

// handlePush serves POST /api/v1/measurements: a JSON or CSV batch that is
// written whole or not at all.
func (a *API) handlePush(w http.ResponseWriter, r *http.Request) {
	p, ok := a.auth.authenticate(r)
	if !ok {
		a.unauthorized(w)
		return
	}
	if !p.writesAny() {
		if a.auth.open() {
			writeError(w, http.StatusForbidden, "no tokens are configured: writes are accepted from loopback only")
			return
		}
		writeError(w, http.StatusForbidden, fmt.Sprintf("token %q has no write scope", p.name()))
		return
	}
	decode, err := decoderFor(r.Header.Get("Content-Type"))
	if err != nil {
		writeError(w, http.StatusUnsupportedMediaType, err.Error())
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.opts.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes: split the batch", tooBig.Limit))
			return
		}
		writeError(w, http.StatusBadRequest, "read body: "+err.Error())
		return
	}
	items, decodeErrs, err := decode(body)
	if err != nil {
		a.metrics.rejected.WithLabelValues("malformed").Inc()
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	a.write(w, r, p, items, decodeErrs)
}

func (a *API) write(w http.ResponseWriter, r *http.Request, p principal, items []rawItem, decodeErrs []itemError) {
	if len(items) == 0 {
		writeError(w, http.StatusBadRequest, "empty batch: no measurements")
		return
	}
	v := a.validator()
	ms, bad := v.check(items, decodeErrs, a.opts.Now())
	if len(bad) > 0 {
		a.metrics.rejected.WithLabelValues("invalid").Add(float64(len(items)))
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%d of %d measurements are invalid; nothing was written", len(bad), len(items)), itemDetails(bad)...)
		return
	}
	if denied := forbidden(p, ms); len(denied) > 0 {
		a.metrics.rejected.WithLabelValues("forbidden").Add(float64(len(items)))
		writeError(w, http.StatusForbidden, fmt.Sprintf("token %q may not write %s; nothing was written", p.name(), strings.Join(denied, ", ")))
		return
	}
	res, err := a.store.Write(r.Context(), ms, p.name())
	if err != nil {
		a.logger.Error("write measurements", "err", err, "count", len(ms))
		writeError(w, http.StatusServiceUnavailable, "store: "+err.Error())
		return
	}
	a.metrics.ingested.WithLabelValues("new").Add(float64(res.New))
	a.metrics.ingested.WithLabelValues("revised").Add(float64(res.Revised))
	a.metrics.ingested.WithLabelValues("unchanged").Add(float64(res.Unchanged))
	if res.New+res.Revised > 0 {
		a.eval.Touch(ms)
	}
	writeJSON(w, http.StatusOK, pushResult{New: res.New, Revised: res.Revised, Unchanged: res.Unchanged})
}

type pushResult struct {
	New       int `json:"new"`
	Revised   int `json:"revised"`
	Unchanged int `json:"unchanged"`
}

func itemDetails(bad []itemError) []string {
	out := make([]string, len(bad))
	for i, e := range bad {
		out[i] = e.String()
	}
	return out
}

func forbidden(p principal, ms []indicators.Measurement) []string {
	denied := map[string]bool{}
	for _, m := range ms {
		if !p.canWrite(m.Indicator) {
			denied[m.Indicator] = true
		}
	}
	out := make([]string, 0, len(denied))
	for id := range denied {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func decoderFor(contentType string) (func([]byte) ([]rawItem, []itemError, error), error) {
	mt, _, err := mime.ParseMediaType(contentType)
	if contentType == "" {
		mt, err = "application/json", nil
	}
	if err != nil {
		return nil, fmt.Errorf("content type %q: %v", contentType, err)
	}
	switch mt {
	case "application/json":
		return decodeJSON, nil
	case "text/csv":
		return decodeCSV, nil
	}
	return nil, fmt.Errorf("content type %q: want application/json or text/csv", mt)
}
