package server

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/ingest"
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
			writeError(w, http.StatusForbidden, p.refusal("writes"))
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
	body, release, err := a.readPushBody(w, r)
	defer release()
	if err != nil {
		a.bodyError(w, r, err)
		return
	}
	items, decodeErrs, err := decode(body)
	if err != nil {
		a.pipeline.Reject("push", "malformed", 1)
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	a.write(w, r, p, items, decodeErrs)
}

// maxBatchItems bounds the measurements of one push, so that the checks and
// the answer of one request stay small: twenty times jalonctl import's
// batches, ten times the bulk benchmark's.
const maxBatchItems = 100_000

// candidates parses the items' times and sets aside the items that failed
// decoding, keeping every problem in the order of the batch.
func candidates(items []rawItem, decodeErrs []itemError) ([]ingest.Item, []ingest.Problem) {
	failed := make(map[string]string, len(decodeErrs))
	for _, e := range decodeErrs {
		failed[e.Where] = e.Msg
	}
	var bad []ingest.Problem
	out := make([]ingest.Item, 0, len(items))
	for _, it := range items {
		if msg, ok := failed[it.Where]; ok {
			bad = append(bad, ingest.Problem{Where: it.Where, Msg: msg})
			continue
		}
		t, err := parseTime(it.Time)
		if err != nil {
			bad = append(bad, ingest.Problem{Where: it.Where, Msg: "time: " + err.Error()})
			continue
		}
		pub, err := it.rawPublished.parse()
		if err != nil {
			bad = append(bad, ingest.Problem{Where: it.Where, Msg: err.Error()})
			continue
		}
		out = append(out, ingest.Item{Where: it.Where, Indicator: it.Indicator, Labels: it.Labels, Time: t, Value: *it.Value, Source: it.Source, Published: pub})
	}
	return out, bad
}

// parseTime accepts RFC 3339 times and plain dates. A plain date means
// midnight UTC, as the catalog's deadlines do, so that "2024-03-31" reads
// back as that day whatever the daemon's time zone.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("missing")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time nor a YYYY-MM-DD date", s)
	}
	return t, nil
}

func (a *API) write(w http.ResponseWriter, r *http.Request, p principal, items []rawItem, decodeErrs []itemError) {
	if len(items) == 0 {
		writeError(w, http.StatusBadRequest, "empty batch: no measurements")
		return
	}
	if len(items) > maxBatchItems {
		a.pipeline.Reject("push", "malformed", 1)
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("batch of %d measurements: at most %d a request; split it", len(items), maxBatchItems))
		return
	}
	cands, bad := candidates(items, decodeErrs)
	ms, invalid := a.pipeline.Check(cands, a.opts.Now())
	if bad = append(bad, invalid...); len(bad) > 0 {
		a.pipeline.Reject("push", "invalid", len(items))
		slices.SortStableFunc(bad, func(x, y ingest.Problem) int { return order(x.Where) - order(y.Where) })
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%d of %d measurements are invalid; nothing was written", len(bad), len(items)), problemDetails(bad)...)
		return
	}
	if denied := forbidden(p, ms); len(denied) > 0 {
		a.pipeline.Reject("push", "forbidden", len(items))
		writeError(w, http.StatusForbidden, fmt.Sprintf("token %q may not write %s; nothing was written", p.name(), strings.Join(denied, ", ")))
		return
	}
	res, err := a.pipeline.Write(r.Context(), ms, p.name(), "push")
	if err != nil && r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		// The client closed its connection, or half-closed it, before its
		// batch was committed: nothing was written. It is told so, should
		// it still read: answering nothing would be a 200 with no body,
		// which a client could take for an acknowledgement.
		a.logger.Info("push abandoned by the client", "err", err, "count", len(ms))
		writeError(w, http.StatusBadRequest, "the connection was closed before the batch was committed: nothing was written; send it again and wait for the answer")
		return
	}
	if err != nil {
		a.logger.Error("write measurements", "err", err, "count", len(ms))
		writeError(w, http.StatusServiceUnavailable, "store: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, pushResult{New: res.New, Revised: res.Revised, Unchanged: res.Unchanged})
}

type pushResult struct {
	New       int `json:"new"`
	Revised   int `json:"revised"`
	Unchanged int `json:"unchanged"`
}

// maxDetails bounds the problems listed in an answer: a huge batch of bad
// rows would otherwise get an answer larger than itself. jalonctl import
// drops the rows listed and sends the rest again, so it goes on.
const maxDetails = 1000

func problemDetails(bad []ingest.Problem) []string {
	n := min(len(bad), maxDetails)
	out := make([]string, n, n+1)
	for i, e := range bad[:n] {
		out[i] = e.String()
	}
	if len(bad) > n {
		out = append(out, fmt.Sprintf("… and %d more problems, not listed: fix these and send the batch again", len(bad)-n))
	}
	return out
}

// order is the position of an item or line named "item 3" or "line 7", so
// that problems found at different steps are listed in batch order.
func order(where string) int {
	_, n, _ := strings.Cut(where, " ")
	i, _ := strconv.Atoi(n)
	return i
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
