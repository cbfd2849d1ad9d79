package main

import (
	"os"

	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/webconfig"
)

// pullerStates gives alerting what it needs of the collector's states;
// alerting does not import the collector.
func pullerStates(c *collector.Manager) alerting.PullerStates {
	return func() []alerting.PullerState {
		var out []alerting.PullerState
		for _, s := range c.States() {
			out = append(out, alerting.PullerState{Name: s.Name, ConsecutiveFailures: s.ConsecutiveFailures,
				LastError: s.LastError, LastRun: s.LastRun})
		}
		return out
	}
}

// withExternalURL fills in the address that alert links point at when the
// configuration gives none: this host, on the port jalond listens on.
func withExternalURL(a config.Alerting, listen string, tls bool) config.Alerting {
	hostname, _ := os.Hostname()
	a.ExternalURL = config.ExternalURL(a.ExternalURL, listen, tls, hostname)
	return a
}

// objectiveOf names the objective of an indicator in the catalog in force,
// for the objective label of remote-written samples.
func objectiveOf(ev *evaluator.Evaluator) func(id string) string {
	return func(id string) string {
		if _, o, ok := ev.Catalog().Indicator(id); ok {
			return o.ID
		}
		return ""
	}
}

// passwords gives the API the basic-auth users of the web configuration
// file, or nil when it names none (a nil *webconfig.Config in an interface
// would not compare equal to nil).
func passwords(web *webconfig.Config) api.Passwords {
	if !web.Users() {
		return nil
	}
	return web
}
