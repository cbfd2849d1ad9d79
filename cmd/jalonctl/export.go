package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

func exportCommand() command {
	return command{name: "export", short: "export the stored history (OpenMetrics)", summary: "Export the stored history for other tools.", sub: []command{{
		name: "openmetrics", short: "write the history in OpenMetrics text", args: "[flags]",
		summary: "Write the stored history in OpenMetrics text, each point with its own timestamp, for\n" +
			"`promtool tsdb create-blocks-from openmetrics FILE DIR` (Prometheus backfill).",
		run: exportOpenMetrics,
	}}}
}

func exportOpenMetrics(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	newClient := clientFlags(e, fs)
	from := fs.String("from", "", "keep points at or after this time: YYYY-MM-DD or RFC 3339")
	to := fs.String("to", "", "keep points before this time (exclusive): YYYY-MM-DD or RFC 3339")
	only := fs.String("indicator", "", "export only these indicators, separated by commas")
	metric := fs.String("metric", "jalon_indicator_value", "metric name of the exported family")
	output := fs.String("output", "", "write to this file instead of standard output")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef(fs, "unexpected argument %q", fs.Arg(0))
	}
	c := newClient()
	ids, err := exportedIndicators(ctx, c, *only)
	if err != nil {
		return err
	}
	out, done, err := openOutput(e, *output)
	if err != nil {
		return err
	}
	defer done()
	q := url.Values{}
	for name, v := range map[string]string{"from": *from, "to": *to} {
		if v != "" {
			q.Set(name, v)
		}
	}
	w := &omWriter{w: bufio.NewWriterSize(out, 64<<10), metric: *metric}
	fmt.Fprintf(w.w, "# HELP %s Measured value of an indicator, at the time it refers to, as stored by Jalon.\n# TYPE %s gauge\n", *metric, *metric)
	for _, ind := range ids {
		if err := exportIndicator(ctx, c, ind, q, w); err != nil {
			return err
		}
	}
	w.w.WriteString("# EOF\n")
	if err := w.w.Flush(); err != nil {
		return err
	}
	return done()
}

// indicatorRef is an indicator with its objective, from the catalog.
type indicatorRef struct{ id, objective string }

// exportedIndicators lists the catalog's indicators in catalog order, or
// those of only, refusing an id the catalog lacks.
func exportedIndicators(ctx context.Context, c *client, only string) ([]indicatorRef, error) {
	var cat struct {
		Objectives []struct {
			ID         string `json:"id"`
			Indicators []struct {
				ID string `json:"id"`
			} `json:"indicators"`
		} `json:"objectives"`
	}
	if err := c.getJSON(ctx, "/api/v1/objectives", &cat); err != nil {
		return nil, err
	}
	var want []string
	if only != "" {
		want = strings.Split(only, ",")
	}
	var out []indicatorRef
	for _, o := range cat.Objectives {
		for _, ind := range o.Indicators {
			if want == nil || slices.Contains(want, ind.ID) {
				out = append(out, indicatorRef{ind.ID, o.ID})
			}
		}
	}
	for _, id := range want {
		if !slices.ContainsFunc(out, func(r indicatorRef) bool { return r.id == id }) {
			return nil, fmt.Errorf("indicator %q is not in the catalog", id)
		}
	}
	return out, nil
}

// exportIndicator streams one indicator's series from the API into w: the
// body is read token by token, so a long history is never held whole.
func exportIndicator(ctx context.Context, c *client, ind indicatorRef, q url.Values, w *omWriter) error {
	path := "/api/v1/indicators/" + url.PathEscape(ind.id) + "/series"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	resp, err := c.do(ctx, http.MethodGet, path, "", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := decodeSeries(json.NewDecoder(resp.Body), ind, w); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}
