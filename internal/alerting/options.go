package alerting

import (
	"cmp"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// Defaults of the [alerting] table and of notifiers.
const (
	DefaultResendDelay       = time.Minute
	DefaultResolvedRetention = 15 * time.Minute // as Prometheus
	DefaultOutboxLimit       = 10000
	DefaultNotifierTimeout   = 10 * time.Second
	// DefaultSettledAfter is the alerting.settled_after: a miss learned a
	// month after its deadline is history, not news.
	DefaultSettledAfter = 30 * 24 * time.Hour
)

// Options configure a Manager. Zero values mean defaults, except Store and
// Snapshot, which are required.
type Options struct {
	Store StateStore
	// Snapshot returns the evaluator's latest snapshot (Evaluator.Snapshot).
	Snapshot func() *evaluator.Snapshot
	// Pullers returns the collector's puller states; nil: no puller alerts.
	Pullers PullerStates
	// Divergences returns the owners' assessments that diverge from the
	// figures; nil: no assessment alerts.
	Divergences Divergences
	Config      config.Alerting
	Notifiers   []config.Notifier
	// Language is that of the alerts' summaries and descriptions, the
	// daemon's language key; "" is English.
	Language indicators.Lang
	// EvaluationInterval is the evaluator's; alerts are evaluated at least
	// that often. Default 1m.
	EvaluationInterval time.Duration
	// HTTPClient sends notifications; each attempt has its notifier's
	// timeout. Default: a client of its own.
	HTTPClient *http.Client
	// RetryMin and RetryMax bound the backoff between attempts at a
	// receiver. Defaults 1s and 1m.
	RetryMin, RetryMax time.Duration
	Now                func() time.Time
	Logger             *slog.Logger
	Registerer         prometheus.Registerer
}

// withDefaults fills the zero values of o. The default external URL is
// this host on Jalon's default port: set external_url when links must
// work from elsewhere.
func withDefaults(o Options) Options {
	c := &o.Config
	c.ResendDelay = cmp.Or(c.ResendDelay, DefaultResendDelay)
	c.ResolvedRetention = cmp.Or(c.ResolvedRetention, DefaultResolvedRetention)
	c.OutboxLimit = cmp.Or(c.OutboxLimit, DefaultOutboxLimit)
	c.SettledAfter = cmp.Or(c.SettledAfter, DefaultSettledAfter)
	if c.ExternalURL == "" {
		host, _ := os.Hostname()
		c.ExternalURL = config.ExternalURL("", config.DefaultListenAddress, false, host)
	}
	o.EvaluationInterval = cmp.Or(o.EvaluationInterval, time.Minute)
	o.RetryMin = cmp.Or(o.RetryMin, time.Second)
	o.RetryMax = cmp.Or(o.RetryMax, time.Minute)
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
