package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/jalonhq/jalon/wire"
)

// Push sends a batch of measurements, written whole or not at all. A batch
// with invalid items is refused with a 400 *Error whose Body.Details name
// each ("item 3: …").
func (c *Client) Push(ctx context.Context, batch wire.Push) (wire.PushResult, error) {
	var out wire.PushResult
	return out, c.call(ctx, http.MethodPost, "/api/v1/measurements", batch, &out)
}

// PushBody sends a batch already encoded: contentType is application/json
// (a wire.Push) or text/csv.
func (c *Client) PushBody(ctx context.Context, contentType string, body io.Reader) (wire.PushResult, error) {
	const path = "/api/v1/measurements"
	var out wire.PushResult
	resp, err := c.do(ctx, http.MethodPost, path, contentType, body)
	if err != nil {
		return out, err
	}
	return out, decode(http.MethodPost, path, resp, &out)
}

// Objectives returns the catalog with every indicator's current
// evaluations.
func (c *Client) Objectives(ctx context.Context) (wire.Objectives, error) {
	var out wire.Objectives
	return out, c.call(ctx, http.MethodGet, "/api/v1/objectives", nil, &out)
}

// Indicator returns an indicator's definition and the evaluation of each
// of its series.
func (c *Client) Indicator(ctx context.Context, id string) (wire.IndicatorDetail, error) {
	var out wire.IndicatorDetail
	return out, c.call(ctx, http.MethodGet, indicatorPath(id, ""), nil, &out)
}

// EditTargets changes an indicator's targets (admin scope), stored as a
// new revision with the edit's reason.
func (c *Client) EditTargets(ctx context.Context, id string, edit wire.TargetEdit) (wire.EditResult, error) {
	var out wire.EditResult
	return out, c.call(ctx, http.MethodPut, indicatorPath(id, ""), edit, &out)
}

// Revisions returns every stored definition of an indicator, oldest first.
func (c *Client) Revisions(ctx context.Context, id string) (wire.Revisions, error) {
	var out wire.Revisions
	return out, c.call(ctx, http.MethodGet, indicatorPath(id, "/revisions"), nil, &out)
}

// SeriesQuery selects the history read: From and To are RFC 3339 times or
// YYYY-MM-DD dates, empty for no bound; Labels is a filter such as
// "region=84", empty for every series.
type SeriesQuery struct {
	From, To, Labels string
}

func (q SeriesQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"from": q.From, "to": q.To, "labels": q.Labels} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// Series returns the stored history of an indicator's series, held whole:
// for a long history, read SeriesBody token by token.
func (c *Client) Series(ctx context.Context, id string, q SeriesQuery) (wire.Series, error) {
	var out wire.Series
	return out, c.call(ctx, http.MethodGet, withQuery(indicatorPath(id, "/series"), q.values()), nil, &out)
}

// SeriesBody returns the body of the series route (a wire.Series in JSON)
// as the daemon streams it; the caller closes it.
func (c *Client) SeriesBody(ctx context.Context, id string, q SeriesQuery) (io.ReadCloser, error) {
	return c.body(ctx, http.MethodGet, withQuery(indicatorPath(id, "/series"), q.values()))
}

// PlanQuery selects the planned path read: the series' labels ("" for the
// series without labels), a window and a step in seconds or as a duration
// such as 1w (default a week).
type PlanQuery struct {
	SeriesQuery
	Step string
}

// Plan returns the planned path, the forecast and the milestones of one
// series of an indicator.
func (c *Client) Plan(ctx context.Context, id string, q PlanQuery) (wire.Plan, error) {
	v := q.values()
	if q.Step != "" {
		v.Set("step", q.Step)
	}
	var out wire.Plan
	return out, c.call(ctx, http.MethodGet, withQuery(indicatorPath(id, "/plan"), v), nil, &out)
}

// Deletion says what to delete (admin scope) and why; the reason is
// required and kept in the audit log. Labels selects the series (without
// labels, the series without labels); All deletes every series they match
// (series only); Time is the point's time (points only).
type Deletion struct {
	Labels, Reason string
	All            bool
	Time           string
}

func (d Deletion) values() url.Values {
	v := url.Values{"reason": {d.Reason}}
	if d.Labels != "" {
		v.Set("labels", d.Labels)
	}
	return v
}

// DeleteSeries deletes the series d selects, with all their points.
func (c *Client) DeleteSeries(ctx context.Context, id string, d Deletion) (wire.Deletion, error) {
	v := d.values()
	if d.All {
		v.Set("all", "true")
	}
	var out wire.Deletion
	return out, c.call(ctx, http.MethodDelete, indicatorPath(id, "/series?")+v.Encode(), nil, &out)
}

// DeletePoint deletes the point at d.Time of the series d selects.
func (c *Client) DeletePoint(ctx context.Context, id string, d Deletion) (wire.Deletion, error) {
	v := d.values()
	v.Set("time", d.Time)
	var out wire.Deletion
	return out, c.call(ctx, http.MethodDelete, indicatorPath(id, "/points?")+v.Encode(), nil, &out)
}

// ReportQuery asks for the roadmap as it stood At (default now), with the
// moves Since a previous date: RFC 3339 times, or YYYY-MM-DD dates meaning
// the end of that UTC day. Format is json (default), markdown, html or
// csv; Separator and BOM shape a CSV.
type ReportQuery struct {
	At, Since, Format string
	Separator         string
	// Lang is the report's language, fr or en; empty: the daemon's
	// configured language.
	Lang string
	BOM  bool
}

// Report returns the report's body in its format, streamed; the caller
// closes it. A JSON report decodes into a wire.Report.
func (c *Client) Report(ctx context.Context, q ReportQuery) (io.ReadCloser, error) {
	v := url.Values{}
	for k, s := range map[string]string{"at": q.At, "since": q.Since, "format": q.Format, "separator": q.Separator, "lang": q.Lang} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.Format == "csv" {
		v.Set("bom", strconv.FormatBool(q.BOM))
	}
	return c.body(ctx, http.MethodGet, withQuery("/api/v1/report", v))
}

// Backup returns a consistent copy of the daemon's data file, streamed
// (admin scope); the caller closes it.
func (c *Client) Backup(ctx context.Context) (io.ReadCloser, error) {
	return c.body(ctx, http.MethodGet, "/api/v1/admin/backup")
}

// Pullers returns the state of every puller, in configuration order.
func (c *Client) Pullers(ctx context.Context) (wire.Pullers, error) {
	var out wire.Pullers
	return out, c.call(ctx, http.MethodGet, "/api/v1/pullers", nil, &out)
}

// RunPuller runs a puller now (admin scope) and returns its state once the
// run is over; a failed run is a 502 *Error with the run's error in
// Body.Details.
func (c *Client) RunPuller(ctx context.Context, name string) (wire.Puller, error) {
	var out wire.Puller
	return out, c.call(ctx, http.MethodPost, "/api/v1/pullers/"+url.PathEscape(name)+"/run", nil, &out)
}

// AlertQuery filters the alerts: States is a comma-separated list of
// pending, firing, resolved and settled; the others match the alerts' labels. Empty
// fields filter nothing.
type AlertQuery struct {
	States, AlertName, Indicator, Objective string
}

// Alerts returns the pending, firing and recently resolved alerts.
func (c *Client) Alerts(ctx context.Context, q AlertQuery) (wire.Alerts, error) {
	v := url.Values{}
	for k, s := range map[string]string{"state": q.States, "alertname": q.AlertName, "indicator": q.Indicator, "objective": q.Objective} {
		if s != "" {
			v.Set(k, s)
		}
	}
	var out wire.Alerts
	return out, c.call(ctx, http.MethodGet, withQuery("/api/v1/alerts", v), nil, &out)
}

// body sends a request whose answer is streamed to the caller.
func (c *Client) body(ctx context.Context, method, path string) (io.ReadCloser, error) {
	resp, err := c.do(ctx, method, path, "", nil)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
