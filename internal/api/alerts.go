package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/alerting/rulename"
	"github.com/jalonhq/jalon/wire"
)

// Alerts serves GET /api/v1/alerts: Jalon's pending, firing and recently
// resolved alerts, with their labels, annotations and since when. The
// optional query parameters state, alertname, indicator and objective
// filter them; state takes a comma-separated list.
func (a *API) Alerts(m AlertLister) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		f, err := parseAlertFilter(r)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		out := []wire.Alert{}
		for _, al := range m.Alerts() {
			if f.matches(al) {
				out = append(out, viewAlert(al))
			}
		}
		writeJSON(w, http.StatusOK, wire.Alerts{Alerts: out})
	})
}

// alertStates returns the states GET /api/v1/alerts reports: inactive
// alerts are not kept.
func alertStates() []string {
	return []string{string(alerting.StatePending), string(alerting.StateFiring), string(alerting.StateResolved), string(alerting.StateSettled)}
}

// alertFilter is the query of GET /api/v1/alerts: the states to keep (all
// when empty), and the labels an alert must have.
type alertFilter struct {
	states map[string]bool
	labels map[string]string
}

func parseAlertFilter(r *http.Request) (alertFilter, error) {
	f := alertFilter{states: map[string]bool{}, labels: map[string]string{}}
	q, err := parseQuery(r)
	if err != nil {
		return f, err
	}
	if err := knownParams(q, "state", "alertname", "indicator", "objective"); err != nil {
		return f, err
	}
	state, err := single(q, "state")
	if err != nil {
		return f, err
	}
	for s := range strings.SplitSeq(state, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !slices.Contains(alertStates(), s) {
			return f, fmt.Errorf("state: %q is not a state (one of %s)", s, strings.Join(alertStates(), ", "))
		}
		f.states[s] = true
	}
	for _, name := range []string{"alertname", "indicator", "objective"} {
		v, err := single(q, name)
		if err != nil {
			return f, err
		}
		if v != "" {
			f.labels[name] = v
		}
	}
	if n := f.labels["alertname"]; n != "" && !slices.Contains(rulename.All(), n) {
		return f, fmt.Errorf("alertname: %q is not a rule (one of %s)", n, strings.Join(rulename.All(), ", "))
	}
	return f, nil
}

func (f alertFilter) matches(al alerting.Alert) bool {
	if len(f.states) > 0 && !f.states[string(al.State)] {
		return false
	}
	for k, v := range f.labels {
		if al.Labels.Get(k) != v {
			return false
		}
	}
	return true
}

func viewAlert(al alerting.Alert) wire.Alert {
	when := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		u := t.UTC()
		return &u
	}
	return wire.Alert{Fingerprint: al.Fingerprint, State: string(al.State), Labels: al.Labels.Map(), Annotations: al.Annotations,
		ActiveAt: al.ActiveAt.UTC(), FiredAt: when(al.FiredAt), ResolvedAt: when(al.ResolvedAt), LastSentAt: when(al.LastSentAt),
		GeneratorURL: al.GeneratorURL}
}
