package client_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/client"
	"github.com/jalonhq/jalon/store"
	"github.com/jalonhq/jalon/wire"
)

const indicator = "mes_documents_fed_per_year"

// connect returns a client of a new daemon, and the daemon.
func connect(t *testing.T) (*client.Client, *daemon) {
	t.Helper()
	d := newDaemon(t)
	c, err := client.New(d.serve(t)+"/", client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c, d
}

// pushed returns a client of a daemon holding two points of indicator,
// evaluated.
func pushed(t *testing.T) (*client.Client, *daemon) {
	t.Helper()
	c, d := connect(t)
	res, err := c.Push(t.Context(), wire.Push{Measurements: []wire.Measurement{
		{Indicator: indicator, Time: "2024-12-31", Value: 18e6, Source: "test"},
		{Indicator: indicator, Time: "2025-01-31", Value: 21e6},
	}})
	if err != nil || res != (wire.PushResult{New: 2}) {
		t.Fatalf("Push = %+v, %v, want 2 new", res, err)
	}
	if err := d.eval.Refresh(); err != nil {
		t.Fatal(err)
	}
	return c, d
}

func TestPush(t *testing.T) {
	c, _ := pushed(t)
	res, err := c.PushBody(t.Context(), "text/csv", strings.NewReader("indicator,time,value\n"+indicator+",2025-01-31,21000000\n"))
	if err != nil || res != (wire.PushResult{Unchanged: 1}) {
		t.Errorf("PushBody(csv) = %+v, %v, want 1 unchanged", res, err)
	}
	_, err = c.Push(t.Context(), wire.Push{Measurements: []wire.Measurement{{Indicator: "nope", Time: "2025-01-31", Value: 1}}})
	var apiErr *client.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || !apiErr.FromJalond ||
		len(apiErr.Body.Details) != 1 || !strings.HasPrefix(apiErr.Body.Details[0], "item 0: ") {
		t.Fatalf("Push(unknown indicator) = %#v, want a 400 *Error naming item 0", err)
	}
	want := "POST /api/v1/measurements: 400 Bad Request: 1 of 1 measurements are invalid; nothing was written\n  item 0: "
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want it to start with %q", err, want)
	}
}

func TestObjectivesAndIndicator(t *testing.T) {
	c, _ := pushed(t)
	all, err := c.Objectives(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var ev *wire.Evaluation
	for _, o := range all.Objectives {
		for _, ind := range o.Indicators {
			if ind.ID == indicator && len(ind.Evaluations) > 0 {
				ev = &ind.Evaluations[0]
			}
		}
	}
	if all.EvaluatedAt == "" || ev == nil || ev.Latest == nil || !ev.Latest.Time.Equal(time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Objectives: evaluated at %q, %s evaluation %+v; want the latest point of 2025-01-31", all.EvaluatedAt, indicator, ev)
	}
	one, err := c.Indicator(t.Context(), indicator)
	if err != nil || one.Objective != "1-1" || one.ID != indicator || len(one.Evaluations) != 1 || one.Evaluations[0].Status != ev.Status {
		t.Errorf("Indicator = %+v, %v; want objective 1-1 and the status %q", one, err, ev.Status)
	}
	_, err = c.Indicator(t.Context(), "nope")
	if apiErr, ok := errors.AsType[*client.Error](err); !ok || apiErr.StatusCode != http.StatusNotFound || apiErr.Body.Error != `indicator "nope" is not in the catalog` {
		t.Errorf("Indicator(nope) = %v, want a 404 saying it is not in the catalog", err)
	}
}

func TestSeries(t *testing.T) {
	c, _ := pushed(t)
	s, err := c.Series(t.Context(), indicator, client.SeriesQuery{From: "2025-01-01"})
	want := []wire.StoredPoint{{Time: time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC), Value: 21e6}}
	if err != nil || s.Indicator != indicator || len(s.Series) != 1 || !slices.Equal(s.Series[0].Points, want) {
		t.Fatalf("Series(from 2025-01-01) = %+v, %v; want %+v", s, err, want)
	}
	body, err := c.SeriesBody(t.Context(), indicator, client.SeriesQuery{})
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	var whole wire.Series
	if err := json.NewDecoder(body).Decode(&whole); err != nil || len(whole.Series) != 1 || len(whole.Series[0].Points) != 2 {
		t.Errorf("SeriesBody = %+v, %v; want one series of two points", whole, err)
	}
}

func TestPlan(t *testing.T) {
	c, _ := pushed(t)
	p, err := c.Plan(t.Context(), indicator, client.PlanQuery{Step: "4w"})
	if err != nil || p.Indicator != indicator || p.StepSeconds != (4*7*24*time.Hour).Seconds() || len(p.Planned) == 0 || len(p.Milestones) == 0 {
		t.Errorf("Plan(step 4w) = %+v, %v; want planned rows four weeks apart and milestones", p, err)
	}
	_, err = c.Plan(t.Context(), indicator, client.PlanQuery{Step: "-1"})
	if apiErr, ok := errors.AsType[*client.Error](err); !ok || apiErr.StatusCode != http.StatusBadRequest || !strings.HasPrefix(apiErr.Body.Error, "step: ") {
		t.Errorf("Plan(step -1) = %v, want a 400 about the step", err)
	}
}

func TestEditTargetsAndRevisions(t *testing.T) {
	c, _ := connect(t)
	name := "Documents versés dans Mon espace santé"
	res, err := c.EditTargets(t.Context(), indicator, wire.TargetEdit{Reason: "test", Name: &name})
	if err != nil || !res.Changed || res.Indicator.Name != name {
		t.Fatalf("EditTargets = %+v, %v; want the new name, changed", res, err)
	}
	revs, err := c.Revisions(t.Context(), indicator)
	if err != nil || len(revs.Revisions) == 0 || revs.Revisions[len(revs.Revisions)-1].Rev != res.Revision {
		t.Errorf("Revisions = %+v, %v; want revision %d last", revs, err, res.Revision)
	}
}

func TestDelete(t *testing.T) {
	c, _ := pushed(t)
	got, err := c.DeletePoint(t.Context(), indicator, client.Deletion{Time: "2024-12-31", Reason: "test"})
	if err != nil || got.Points != 1 || len(got.Series) != 1 || got.Series[0].Points[0].Value != 18e6 || got.Series[0].Gone {
		t.Fatalf("DeletePoint = %+v, %v; want the point of 2024-12-31", got, err)
	}
	got, err = c.DeleteSeries(t.Context(), indicator, client.Deletion{Reason: "test"})
	if err != nil || got.Points != 1 || len(got.Series) != 1 || !got.Series[0].Gone {
		t.Fatalf("DeleteSeries = %+v, %v; want the series gone with its last point", got, err)
	}
	_, err = c.DeleteSeries(t.Context(), indicator, client.Deletion{})
	if apiErr, ok := errors.AsType[*client.Error](err); !ok || apiErr.StatusCode != http.StatusBadRequest || !strings.HasPrefix(apiErr.Body.Error, "reason: required") {
		t.Errorf("DeleteSeries without a reason = %v, want a 400 asking for one", err)
	}
}

func TestReport(t *testing.T) {
	c, _ := pushed(t)
	body, err := c.Report(t.Context(), client.ReportQuery{At: "2025-02-01", Since: "2025-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	var r wire.Report
	if err := json.NewDecoder(body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if r.At != "2025-02-01" || r.Since == nil || len(r.Objectives) == 0 || len(r.Counts) == 0 {
		t.Errorf("Report = at %q since %v, %d objectives, counts %v; want the dates asked, objectives and counts", r.At, r.Since, len(r.Objectives), r.Counts)
	}
	csv, err := c.Report(t.Context(), client.ReportQuery{Format: "csv", Separator: ";", BOM: true})
	if err != nil {
		t.Fatal(err)
	}
	defer csv.Close()
	if data, _ := io.ReadAll(csv); !strings.HasPrefix(string(data), "\ufeff") || !strings.Contains(string(data), ";") {
		t.Errorf("Report(csv, ;, BOM) = %.80q…, want a BOM and semicolons", data)
	}
}

func TestBackup(t *testing.T) {
	c, _ := pushed(t)
	body, err := c.Backup(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	path := filepath.Join(t.TempDir(), "copy.db")
	data, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	copy, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer copy.Close()
	if n := copy.Stats().Points; n != 2 {
		t.Errorf("backup holds %d points, want 2", n)
	}
}

func TestPullers(t *testing.T) {
	c, _ := connect(t)
	list, err := c.Pullers(t.Context())
	if err != nil || len(list.Pullers) != 1 || list.Pullers[0].Name != "ins" || !list.Pullers[0].LastRun.IsZero() {
		t.Fatalf("Pullers = %+v, %v; want ins, never run", list, err)
	}
	p, err := c.RunPuller(t.Context(), "ins")
	if err != nil || p.LastResult != "success" || p.Points.New != 2 {
		t.Errorf("RunPuller(ins) = %+v, %v; want success with 2 new points", p, err)
	}
	_, err = c.RunPuller(t.Context(), "a b")
	if apiErr, ok := errors.AsType[*client.Error](err); !ok || apiErr.StatusCode != http.StatusNotFound || apiErr.Body.Error != `no puller named "a b"` {
		t.Errorf("RunPuller(a b) = %v, want a 404 naming it", err)
	}
}

func TestAlerts(t *testing.T) {
	c, d := connect(t)
	// A figure far behind the plan puts the series off track.
	if _, err := c.Push(t.Context(), wire.Push{Measurements: []wire.Measurement{
		{Indicator: indicator, Time: time.Now().UTC().Format(time.DateOnly), Value: 1}}}); err != nil {
		t.Fatal(err)
	}
	if err := d.eval.Refresh(); err != nil {
		t.Fatal(err)
	}
	if err := d.alerts.Evaluate(); err != nil {
		t.Fatal(err)
	}
	got, err := c.Alerts(t.Context(), client.AlertQuery{States: "pending,firing", Indicator: indicator})
	if err != nil || len(got.Alerts) == 0 {
		t.Fatalf("Alerts(%s) = %+v, %v; want its alerts", indicator, got, err)
	}
	for _, a := range got.Alerts {
		if a.Labels["indicator"] != indicator || a.State == "resolved" || a.ActiveAt.IsZero() {
			t.Errorf("alert %+v: want a pending or firing alert of %s, active since a time", a, indicator)
		}
	}
	_, err = c.Alerts(t.Context(), client.AlertQuery{States: "bogus"})
	if apiErr, ok := errors.AsType[*client.Error](err); !ok || apiErr.StatusCode != http.StatusBadRequest || !strings.HasPrefix(apiErr.Body.Error, `state: "bogus" is not a state`) {
		t.Errorf("Alerts(state bogus) = %v, want a 400 naming the state", err)
	}
}
