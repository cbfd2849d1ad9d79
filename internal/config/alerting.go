package config

import (
	"net/url"
	"strings"
	"text/template"
	"time"
)

// Alerting is the [alerting] table. Zero values mean the defaults, which
// package alerting applies (docs/alerting.md lists them), so that a file
// without the table reads as the zero value.
type Alerting struct {
	// ResendDelay is how often a firing alert is sent to Alertmanager again.
	ResendDelay time.Duration
	// ResolvedRetention is how long a resolved alert is still re-sent.
	ResolvedRetention time.Duration
	// OutboxLimit bounds the notifications waiting for each receiver.
	OutboxLimit int
	// ExternalURL is the address people reach Jalon at, for links in alerts.
	ExternalURL string
	// RunbookURL is a text/template over RunbookFields, "" for none.
	RunbookURL string
	// SettledAfter is how long after a deadline the evidence of its miss
	// may arrive and still page: a miss learned later (a history import)
	// was settled long ago and is only recorded.
	SettledAfter time.Duration
	// Rules change the built-in rules' settings, by rule name.
	Rules map[string]AlertSettings
	// Overrides change them for one indicator or objective; an indicator's
	// override wins over its objective's, a rule-specific one over one for
	// every rule.
	Overrides []AlertOverride
}

// AlertSettings are the settings of a rule; nil and empty fields keep the
// setting from the level below (built-in, [alerting.rule.X], objective).
type AlertSettings struct {
	Disabled *bool
	For      *time.Duration
	Severity string
	// Probability is JalonForecastMissesTarget's threshold, in [0, 1].
	Probability *float64
	// Failures is JalonPullerFailing's count of consecutive failed runs.
	Failures int
	// Labels are added to the alerts (routing labels such as team).
	Labels map[string]string
}

// AlertOverride applies settings to the alerts of one indicator or of
// every indicator of one objective (of every indicator when neither is set
// and Match is), for one rule or (Rule "") all of them.
type AlertOverride struct {
	Indicator string
	Objective string
	Rule      string
	// Match narrows the override to the series whose labels have these
	// values; an empty value matches a series without the label, as in
	// PromQL. nil selects every series.
	Match map[string]string
	AlertSettings
	// Pos locates the override in its file, for Daemon.Check, which looks
	// its indicator or objective up in the catalog.
	Pos Pos `json:"-"`
}

// RunbookFields are what the runbook_url template may use.
type RunbookFields struct {
	Alertname, Indicator, Objective, Severity string
	Labels                                    map[string]string
}

type alertingFile struct {
	ResendDelay       value                        `toml:"resend_delay"`
	ResolvedRetention value                        `toml:"resolved_retention"`
	OutboxLimit       value                        `toml:"outbox_limit"`
	ExternalURL       value                        `toml:"external_url"`
	RunbookURL        value                        `toml:"runbook_url"`
	SettledAfter      value                        `toml:"settled_after"`
	Rule              map[string]alertSettingsFile `toml:"rule"`
	Override          []alertOverrideFile          `toml:"override"`
}

// alerting reads the [alerting] table.
func (c *checker) alerting(f alertingFile) Alerting {
	a := Alerting{
		ResendDelay:       c.Duration("alerting.resend_delay", f.ResendDelay, 0),
		ResolvedRetention: c.Duration("alerting.resolved_retention", f.ResolvedRetention, 0),
		ExternalURL:       c.externalURL("alerting.external_url", f.ExternalURL),
		RunbookURL:        c.runbookURL("alerting.runbook_url", f.RunbookURL),
		SettledAfter:      c.Duration("alerting.settled_after", f.SettledAfter, 0),
		Rules:             c.alertRules(f.Rule),
		Overrides:         c.alertOverrides(f.Override),
	}
	if f.OutboxLimit.Set {
		a.OutboxLimit, _ = c.Integer("alerting.outbox_limit", f.OutboxLimit)
	}
	return a
}

func (c *checker) externalURL(path string, v value) string {
	s := c.Str(path, v, "")
	if s == "" {
		return ""
	}
	if !c.httpURL(path, s) {
		return ""
	}
	return strings.TrimRight(s, "/")
}

// httpURL reports whether s is an absolute http or https URL, with a
// problem if not.
func (c *checker) httpURL(path, s string) bool {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.Errorf(path, "%q is not an absolute http:// or https:// URL", s)
		return false
	}
	return true
}

// runbookURL checks the template by running it on sample fields, so that
// a misspelt field is refused at load time rather than at the first alert.
func (c *checker) runbookURL(path string, v value) string {
	s := c.Str(path, v, "")
	if s == "" {
		return ""
	}
	t, err := template.New("runbook_url").Option("missingkey=error").Parse(s)
	if err == nil {
		err = t.Execute(&strings.Builder{}, RunbookFields{Labels: map[string]string{}})
	}
	if err != nil {
		c.Errorf(path, "invalid template: %v (fields: .Alertname .Indicator .Objective .Severity .Labels)", err)
		return ""
	}
	return s
}
