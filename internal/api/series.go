package api

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/ingest/decode"
	"github.com/jalonhq/jalon/store"
)

// Series serves GET /api/v1/indicators/{id}/series?from=&to=&labels=: the
// stored history of an indicator's series, latest revision of each point,
// streamed from the store without loading it whole.
func (a *API) Series() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		id := r.PathValue("id")
		def, _, ok := a.eval.Catalog().Indicator(id)
		if !ok {
			writeError(w, http.StatusNotFound, fmt.Sprintf("indicator %q is not in the catalog", id))
			return
		}
		q, err := parseSeriesRequest(r, def)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		setWriteDeadline(w, streamDeadline)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		out := &streamOut{w: w}
		bw := bufio.NewWriterSize(out, 32<<10)
		err = a.store.View(func(rd store.Reader) error { return writeSeries(bw, rd, id, q) })
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			a.failStream(w, r, out, bw, err, "read series", "indicator", id)
		}
	})
}

type seriesQuery struct {
	from, to time.Time
	labels   map[string]string
}

// parseSeriesRequest reads the query of the series route, which takes no
// parameter but from, to and labels.
func parseSeriesRequest(r *http.Request, ind *indicators.Indicator) (seriesQuery, error) {
	values, err := parseQuery(r)
	if err != nil {
		return seriesQuery{}, err
	}
	if err := knownParams(values, "from", "to", "labels"); err != nil {
		return seriesQuery{}, err
	}
	return parseSeriesQuery(values, ind)
}

// parseSeriesQuery reads the time window and label filter that the series
// and plan routes share.
func parseSeriesQuery(values url.Values, ind *indicators.Indicator) (seriesQuery, error) {
	var q seriesQuery
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.from}, {"to", &q.to}} {
		s, err := single(values, p.name)
		if err != nil {
			return q, err
		}
		if s == "" {
			continue
		}
		t, err := decode.ParseTime(s)
		if err != nil {
			return q, fmt.Errorf("%s: %w", p.name, err)
		}
		*p.dst = t
	}
	if !q.from.IsZero() && !q.to.IsZero() && q.from.After(q.to) {
		return q, fmt.Errorf("from %s is after to %s", q.from.Format(time.RFC3339), q.to.Format(time.RFC3339))
	}
	labels, err := single(values, "labels")
	if err != nil {
		return q, err
	}
	q.labels, err = parseLabelFilter(labels, ind)
	return q, err
}

func (q seriesQuery) matches(ls indicators.Labels) bool {
	for k, v := range q.labels {
		if ls.Get(k) != v {
			return false
		}
	}
	return true
}

// writeSeries streams the body of wire.Series.
func writeSeries(w *bufio.Writer, rd store.Reader, id string, q seriesQuery) error {
	all, err := rd.SeriesOf(id)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	fmt.Fprintf(w, `{"indicator":%q,"series":[`, id)
	n := 0
	for _, s := range all {
		if !q.matches(s.Labels) {
			continue
		}
		if n > 0 {
			w.WriteByte(',')
		}
		n++
		w.WriteString(`{"labels":`)
		enc.Encode(s.Labels.Map())
		w.WriteString(`,"points":[`)
		first := true
		err := rd.PointDetails(s.ID, q.from, q.to, func(p indicators.Point, source string, pm store.PointMeta) error {
			if !first {
				w.WriteByte(',')
			}
			first = false
			return enc.Encode(storedPointOf(p, source, pm))
		})
		if err != nil {
			return err
		}
		w.WriteString("]}")
	}
	w.WriteString("]}\n")
	return nil
}

// Backup serves GET /api/v1/admin/backup: a consistent copy of the data
// file, streamed while writes go on.
func (a *API) Backup() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireAdmin(w, r) {
			return
		}
		setWriteDeadline(w, backupDeadline)
		name := "jalon-backup-" + a.opts.Now().UTC().Format("20060102T150405Z") + ".db"
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		n, err := a.store.Backup(w, func(size int64) {
			w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		})
		if err != nil {
			a.logger.Error("backup", "err", err, "bytes", n)
			if n == 0 {
				// Nothing sent yet: the client can still be told why,
				// rather than get an empty copy.
				w.Header().Del("Content-Length")
				w.Header().Del("Content-Disposition")
				writeError(w, http.StatusServiceUnavailable, "store: "+err.Error())
			}
			return
		}
		a.logger.Info("backup sent", "bytes", n)
	})
}

func (a *API) requireRead(w http.ResponseWriter, r *http.Request) bool {
	p, ok, authenticated := a.readRule(r)
	switch {
	case ok:
		return true
	case !authenticated:
		a.unauthorized(w)
	default:
		writeError(w, http.StatusForbidden, fmt.Sprintf("token %q has no read scope", p.name()))
	}
	return false
}

// CanRead applies the read rule to r, for the web pages: ok when it may
// read; otherwise authenticated says whether it carried a valid token
// (the read scope is missing) or not.
func (a *API) CanRead(r *http.Request) (ok, authenticated bool) {
	_, ok, authenticated = a.readRule(r)
	return ok, authenticated
}

// readRule is the one read rule of the API and the pages: with no token
// configured anyone reads; otherwise a known token with the read scope.
func (a *API) readRule(r *http.Request) (p principal, ok, authenticated bool) {
	p, authenticated = a.auth.authenticate(r)
	return p, a.auth.open() || authenticated && p.canRead(), authenticated
}

func (a *API) requireAdmin(w http.ResponseWriter, r *http.Request) bool {
	p, ok := a.auth.authenticate(r)
	if !ok {
		a.unauthorized(w)
		return false
	}
	if !p.admin() {
		if a.auth.open() {
			writeError(w, http.StatusForbidden, p.refusal("admin requests"))
			return false
		}
		writeError(w, http.StatusForbidden, fmt.Sprintf("token %q has no admin scope", p.name()))
		return false
	}
	return true
}
