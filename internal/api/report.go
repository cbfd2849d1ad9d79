package api

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/report"
)

// Report serves GET /api/v1/report?at=&since=&format=&lang=&separator=&bom=: the
// roadmap's status as it stood at a date, replayed from the points known
// then, for steering committees. It is written objective by objective from
// one read transaction.
func (a *API) Report() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		q, format, opts, err := parseReportQuery(r, a.opts.Now(), a.opts.Language)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		opts.Timezone = a.opts.Timezone
		setWriteDeadline(w, streamDeadline)
		out := &streamOut{w: w}
		bw := bufio.NewWriterSize(out, 32<<10)
		rend, err := report.New(format, bw, opts)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		if ct := report.ContentType(format); strings.HasPrefix(ct, "text/html") {
			report.SetHTMLHeaders(w.Header())
		} else {
			w.Header().Set("Content-Type", ct)
		}
		if format == "csv" || format == "pdf" {
			w.Header().Set("Content-Disposition", `attachment; filename="jalon-report-`+report.Stamp(q.At)[:10]+`.`+format+`"`)
		}
		err = a.opts.Report(a.eval.Catalog(), q, rend)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			a.failStream(w, r, out, bw, err, "write report", "format", format)
		}
	})
}

// parseReportQuery reads the report's parameters. A plain date means the
// end of that UTC day; the date defaults to now and may not be later than
// today.
func parseReportQuery(r *http.Request, now time.Time, lang indicators.Lang) (q report.Query, format string, opts report.Options, err error) {
	v := r.URL.Query()
	if opts.Lang, err = reportLang(v.Get("lang"), lang); err != nil {
		return q, "", opts, err
	}
	q.At = now
	if s := v.Get("at"); s != "" {
		if q.At, err = reportTime("at", s); err != nil {
			return q, "", opts, err
		}
	}
	if q.At.After(report.EndOfDay(now)) {
		return q, "", opts, fmt.Errorf("at: %s is in the future", report.Stamp(q.At))
	}
	if s := v.Get("since"); s != "" {
		if q.Since, err = reportTime("since", s); err != nil {
			return q, "", opts, err
		}
		if !q.Since.Before(q.At) {
			return q, "", opts, fmt.Errorf("since: %s is not before %s", report.Stamp(q.Since), report.Stamp(q.At))
		}
	}
	// A bare ";" in a query string is dropped by Go and refused by others:
	// it must be sent as %3B, or named.
	switch s := v.Get("separator"); {
	case s == "semicolon":
		opts.Separator = ';'
	case s == "comma":
		opts.Separator = ','
	case s == "tab":
		opts.Separator = '\t'
	case utf8.RuneCountInString(s) == 1:
		opts.Separator, _ = utf8.DecodeRuneInString(s)
	case s != "":
		return q, "", opts, fmt.Errorf("separator: %q: want one character (%%3B for a semicolon), semicolon, comma or tab", s)
	}
	if s := v.Get("bom"); s != "" {
		if opts.BOM, err = strconv.ParseBool(s); err != nil {
			return q, "", opts, fmt.Errorf("bom: %q: want true or false", s)
		}
	}
	return q, v.Get("format"), opts, nil
}

// reportLang is the language a report request names, else def, else
// French.
func reportLang(s string, def indicators.Lang) (indicators.Lang, error) {
	switch {
	case s != "":
		l, err := indicators.ParseLang(s)
		if err != nil {
			return "", fmt.Errorf("lang: %q: want fr or en", s)
		}
		return l, nil
	case def != "":
		return def, nil
	}
	return indicators.French, nil
}

func reportTime(name, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return report.EndOfDay(t), nil
	}
	return time.Time{}, fmt.Errorf("%s: %q is neither an RFC 3339 time nor a YYYY-MM-DD date", name, s)
}
