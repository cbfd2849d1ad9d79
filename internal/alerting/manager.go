// Package alerting owns Jalon's alerts: the built-in rules evaluated on
// every snapshot of the evaluator, each alert's state machine persisted in
// the store, and the delivery of notifications to Alertmanagers and
// webhooks through a durable outbox. docs/alerting.md describes the rules,
// the states and the delivery guarantees.
package alerting

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Manager evaluates the rules, keeps the alerts' state and delivers their
// notifications.
type Manager struct {
	opts      Options
	st        StateStore
	annotator *annotator
	outbox    *outbox
	metrics   *metrics
	validFor  time.Duration

	mu      sync.Mutex
	alerts  map[uint64]*alert
	cycle   uint64
	rules   *ruleset
	unsaved []planned // notifications of a cycle whose commit failed
}

// New returns a Manager with the alert states and outbox left in the
// store by a previous run.
func New(opts Options) (*Manager, error) {
	if opts.Store == nil || opts.Snapshot == nil {
		return nil, errors.New("new alerting manager: Store and Snapshot are required")
	}
	opts = withDefaults(opts)
	ann, err := newAnnotator(opts.Config.ExternalURL, opts.Config.RunbookURL)
	if err != nil {
		return nil, err
	}
	ann.lang = tr(opts.Language)
	m := &Manager{opts: opts, st: opts.Store, annotator: ann, metrics: newMetrics(),
		validFor: 4 * max(opts.Config.ResendDelay, opts.EvaluationInterval)}
	m.outbox = &outbox{st: opts.Store, limit: opts.Config.OutboxLimit, logger: opts.Logger, metrics: m.metrics, now: opts.Now}
	if m.outbox.receivers, err = m.receivers(); err != nil {
		return nil, err
	}
	if m.alerts, err = loadAlerts(opts.Store, opts.Logger); err != nil {
		return nil, err
	}
	// The alerts read take their rules' shared labels now rather than at
	// their first evaluation, which would otherwise find them all holding
	// a copy, on top of what it allocates itself.
	if s := opts.Snapshot(); s != nil && s.Catalog != nil && len(m.alerts) > 0 {
		m.rules = newRuleset(s.Catalog, &m.opts.Config)
		for _, a := range m.alerts {
			m.rules.share(a)
		}
	}
	if err := m.outbox.load(); err != nil {
		return nil, err
	}
	if err := m.metrics.register(opts.Registerer, m); err != nil {
		return nil, fmt.Errorf("register alerting metrics: %w", err)
	}
	return m, nil
}

// Run evaluates the rules on each new snapshot and at least every
// evaluation interval, and delivers notifications, until ctx is done. The
// notifications still waiting stay in the store for the next run.
func (m *Manager) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	b := backoff{min: m.opts.RetryMin, max: m.opts.RetryMax}
	for _, r := range m.outbox.receivers {
		wg.Go(func() { m.outbox.deliver(ctx, r, b) })
	}
	tick := time.NewTicker(m.opts.EvaluationInterval)
	defer tick.Stop()
	var gen uint64
	var last time.Time
	for {
		s := m.opts.Snapshot()
		var next <-chan struct{}
		if s != nil {
			next = s.Superseded()
		}
		// Generation 0 is the evaluator's empty start: judging it would
		// resolve every alert restored from the store.
		if s != nil && s.Generation > 0 {
			if s.Generation != gen || m.opts.Now().Sub(last) >= m.opts.EvaluationInterval/2 {
				if err := m.evaluate(s); err != nil {
					m.opts.Logger.Error("record alert states", "err", err)
				}
				gen, last = s.Generation, m.opts.Now()
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-next:
		case <-tick.C:
		}
	}
}

// Evaluate evaluates the rules on the latest snapshot now. Run does it on
// each new snapshot; tools and tests may call it to see a change at once.
func (m *Manager) Evaluate() error {
	s := m.opts.Snapshot()
	if s == nil || s.Generation == 0 {
		return nil
	}
	return m.evaluate(s)
}

// Alerts returns the alerts that are pending, firing, or resolved and
// still re-sent, ordered by labels.
func (m *Manager) Alerts() []Alert {
	m.mu.Lock()
	out := make([]Alert, 0, len(m.alerts))
	for _, a := range m.alerts {
		out = append(out, a.view())
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return labelsLess(out[i].Labels, out[j].Labels) })
	return out
}

func labelsLess(a, b indicators.Labels) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i].Name != b[i].Name {
				return a[i].Name < b[i].Name
			}
			return a[i].Value < b[i].Value
		}
	}
	return len(a) < len(b)
}
