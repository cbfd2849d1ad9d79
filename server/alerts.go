package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/jalonhq/jalon/alerting"
)

// alertView is one alert in GET /api/v1/alerts. Times that have not
// happened are null.
type alertView struct {
	Fingerprint  string            `json:"fingerprint"`
	State        string            `json:"state"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	ActiveAt     time.Time         `json:"active_at"`
	FiredAt      *time.Time        `json:"fired_at"`
	ResolvedAt   *time.Time        `json:"resolved_at"`
	LastSentAt   *time.Time        `json:"last_sent_at"`
	GeneratorURL string            `json:"generator_url"`
}

// Alerts serves GET /api/v1/alerts: Jalon's pending, firing and recently
// resolved alerts, with their labels, annotations and since when. The
// optional query parameters state, alertname, indicator and objective
// filter them; state takes a comma-separated list.
func (a *API) Alerts(m *alerting.Manager) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.requireRead(w, r) {
			return
		}
		q := r.URL.Query()
		states := map[string]bool{}
		for _, s := range strings.Split(q.Get("state"), ",") {
			if s = strings.TrimSpace(s); s != "" {
				states[s] = true
			}
		}
		out := []alertView{}
		for _, al := range m.Alerts() {
			if len(states) > 0 && !states[string(al.State)] || !labelMatches(q, al.Labels, "alertname", "indicator", "objective") {
				continue
			}
			out = append(out, viewAlert(al))
		}
		writeJSON(w, http.StatusOK, struct {
			Alerts []alertView `json:"alerts"`
		}{out})
	})
}

// labelMatches reports whether every filter among names given in q equals
// the alert's label.
func labelMatches(q map[string][]string, ls alerting.Labels, names ...string) bool {
	for _, n := range names {
		if vs := q[n]; len(vs) > 0 && vs[0] != "" && ls.Get(n) != vs[0] {
			return false
		}
	}
	return true
}

func viewAlert(al alerting.Alert) alertView {
	when := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	return alertView{Fingerprint: al.Fingerprint, State: string(al.State), Labels: al.Labels.Map(), Annotations: al.Annotations,
		ActiveAt: al.ActiveAt, FiredAt: when(al.FiredAt), ResolvedAt: when(al.ResolvedAt), LastSentAt: when(al.LastSentAt),
		GeneratorURL: al.GeneratorURL}
}

// AlertViews adapts alerting's alerts for the /alerts page and the alert
// history of each indicator page.
func AlertViews(m *alerting.Manager) AlertLister {
	return func() []AlertView {
		var out []AlertView
		for _, al := range m.Alerts() {
			since := al.ActiveAt
			if !al.FiredAt.IsZero() {
				since = al.FiredAt
			}
			labels := al.Labels.Map()
			out = append(out, AlertView{Name: labels["alertname"], Indicator: labels["indicator"], Labels: labels,
				Severity: labels["severity"], State: string(al.State), Since: since, Resolved: al.ResolvedAt,
				Summary: al.Annotations["summary"]})
		}
		return out
	}
}
