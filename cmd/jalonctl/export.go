package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	apiclient "github.com/jalonhq/jalon/client"
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
	q, err := exportWindow(fs, *from, *to)
	if err != nil {
		return err
	}
	if !validMetricName(*metric) {
		return usagef(fs, "--metric %q: want a metric name of letters, digits, '_' and ':', not starting with a digit", *metric)
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	ids, err := exportedIndicators(ctx, c, *only)
	if err != nil {
		return err
	}
	out, done, err := openOutput(e, *output)
	if err != nil {
		return err
	}
	defer done()
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

// exportWindow checks --from and --to here, so that a mistake names the
// flag rather than the query parameter the daemon would refuse, and
// returns them as the series route's query.
func exportWindow(fs *flag.FlagSet, from, to string) (apiclient.SeriesQuery, error) {
	q := apiclient.SeriesQuery{From: from, To: to}
	var times [2]time.Time
	for i, f := range []struct{ name, value string }{{"from", from}, {"to", to}} {
		if f.value == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, f.value)
		if err != nil {
			if t, err = time.Parse(time.DateOnly, f.value); err != nil {
				return q, usagef(fs, "--%s %q: want YYYY-MM-DD or an RFC 3339 time such as 2026-01-01T00:00:00Z", f.name, f.value)
			}
		}
		times[i] = t
	}
	if !times[0].IsZero() && !times[1].IsZero() && times[0].After(times[1]) {
		return q, usagef(fs, "--from %s is after --to %s", from, to)
	}
	return q, nil
}

// validMetricName reports whether name is a metric name Prometheus takes
// without quoting: [a-zA-Z_:][a-zA-Z0-9_:]*.
func validMetricName(name string) bool {
	for i, r := range name {
		ok := r == '_' || r == ':' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9'
		if !ok {
			return false
		}
	}
	return name != ""
}

// indicatorRef is an indicator with its objective, from the catalog.
type indicatorRef struct{ id, objective string }

// exportedIndicators lists the catalog's indicators in catalog order, or
// those of only, refusing an id the catalog lacks.
func exportedIndicators(ctx context.Context, c *client, only string) ([]indicatorRef, error) {
	cat, err := c.api.Objectives(ctx)
	if err != nil {
		return nil, c.explain(err)
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
func exportIndicator(ctx context.Context, c *client, ind indicatorRef, q apiclient.SeriesQuery, w *omWriter) error {
	body, err := c.api.SeriesBody(ctx, ind.id, q)
	if err != nil {
		return c.explain(err)
	}
	defer body.Close()
	if err := decodeSeries(json.NewDecoder(body), ind, w); err != nil {
		return fmt.Errorf("GET /api/v1/indicators/%s/series: %w", url.PathEscape(ind.id), err)
	}
	return nil
}
