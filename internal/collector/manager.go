// Package collector owns Jalon's pullers: measurements fetched on a
// schedule from CSV files, JSON APIs, a Prometheus server or local files,
// mapped onto the catalog and written through the same checks and atomic
// batches as the push API. (A Prometheus "Collector" is something else:
// this package exports its metrics through plain metric vectors.)
package collector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// Errors of RunNow.
var (
	ErrUnknownPuller = errors.New("no puller of that name")
	ErrRunning       = errors.New("the puller is running")
	ErrStopped       = errors.New("the pullers have stopped")
)

// Options configure a Manager. Zero values mean defaults.
type Options struct {
	Pullers  []config.Puller
	Pipeline Pipeline   // required: checks and writes the points
	Store    StateStore // required: keeps each puller's state
	// Catalog is the catalog in force at start, which the pullers'
	// indicators and labels are checked against; nil skips the check.
	Catalog *indicators.Catalog
	// Client makes the HTTP requests; default a client of its own. Its
	// Timeout should be zero: each puller has its own.
	Client *http.Client
	// Getenv looks up the environment variables headers refer to; default
	// os.Getenv.
	Getenv func(string) string
	// Now is the clock. Schedules wait on the runtime's timers, so a test
	// clock must move with them (synctest's, shifted by a constant).
	Now        func() time.Time
	Logger     *slog.Logger
	Registerer prometheus.Registerer
}

// Manager runs the pullers on their schedules.
type Manager struct {
	opts    Options
	pullers []*puller
	byName  map[string]*puller
	metrics *metrics
	logger  *slog.Logger

	// stopping ends the runs asked for with RunNow when Run's context
	// ends, including runs asked for before Run started.
	stopping context.Context
	stop     context.CancelFunc

	mu      sync.Mutex
	stopped bool
	runs    sync.WaitGroup // runs in flight, scheduled or asked for
}

// New checks the pullers and loads their state. A puller that names an
// unknown indicator or label, or a secret that cannot be read, is refused
// with a tomlcheck.Problems error, like a mistake in the configuration file.
func New(opts Options) (*Manager, error) {
	if opts.Pipeline == nil || opts.Store == nil {
		return nil, errors.New("new collector: a pipeline and a store are required")
	}
	opts = withDefaults(opts)
	m := &Manager{opts: opts, byName: map[string]*puller{}, logger: opts.Logger}
	m.stopping, m.stop = context.WithCancel(context.Background())
	var probs tomlcheck.Problems
	if opts.Catalog != nil {
		probs = config.CheckPullers(opts.Pullers, opts.Catalog)
	}
	var names []string
	for _, cfg := range opts.Pullers {
		p, ps := m.newPuller(cfg)
		probs = append(probs, ps...)
		if p == nil {
			continue
		}
		rec, err := loadRecord(opts.Store, cfg.Name)
		if err != nil {
			return nil, err
		}
		p.rec = rec
		m.pullers, m.byName[cfg.Name] = append(m.pullers, p), p
		names = append(names, cfg.Name)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	m.metrics = newMetrics(opts.Registerer, names)
	for _, p := range m.pullers {
		m.metrics.failures.WithLabelValues(p.cfg.Name).Set(float64(p.rec.State.ConsecutiveFailures))
		if t := p.rec.State.LastSuccess; !t.IsZero() {
			m.metrics.lastSuccess.WithLabelValues(p.cfg.Name).Set(float64(t.UnixNano()) / 1e9)
		}
	}
	return m, nil
}

func withDefaults(opts Options) Options {
	if opts.Client == nil {
		opts.Client = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Logger = opts.Logger.With("component", "collector")
	return opts
}

// Run runs every puller on its schedule until ctx ends, then waits for the
// runs in flight, which ctx cancels: a run's batch is written whole or not
// at all. It always returns nil.
func (m *Manager) Run(ctx context.Context) error {
	m.runLoops(ctx, false)
	return nil
}

// runLoops runs each puller's schedule until ctx ends, then waits for the
// runs in flight; resume takes each first slot from the stored last run.
func (m *Manager) runLoops(ctx context.Context, resume bool) {
	defer context.AfterFunc(ctx, m.stop)()
	var loops sync.WaitGroup
	for _, p := range m.pullers {
		loops.Go(func() { m.loop(ctx, p, resume) })
	}
	loops.Wait()
	m.mu.Lock()
	m.stopped = true
	m.mu.Unlock()
	m.runs.Wait()
}

// States returns the state of every puller, in configuration order.
func (m *Manager) States() []State {
	out := make([]State, len(m.pullers))
	for i, p := range m.pullers {
		out[i] = p.state()
	}
	return out
}

// State returns the state of the named puller.
func (m *Manager) State(name string) (State, bool) {
	p, ok := m.byName[name]
	if !ok {
		return State{}, false
	}
	return p.state(), true
}

// RunNow runs the named puller at once and returns the run's error. It
// fails with ErrUnknownPuller, with ErrRunning while a run of the puller
// is going (runs are never stacked), and with ErrStopped once Run has
// returned. The run ends when ctx or Run's context ends.
func (m *Manager) RunNow(ctx context.Context, name string) error {
	p, ok := m.byName[name]
	if !ok {
		return fmt.Errorf("run puller %q: %w", name, ErrUnknownPuller)
	}
	m.mu.Lock()
	if m.stopped {
		m.mu.Unlock()
		return fmt.Errorf("run puller %q: %w", name, ErrStopped)
	}
	m.runs.Add(1)
	stopping := m.stopping // RunTerm starts a new one each term
	m.mu.Unlock()
	defer m.runs.Done()
	if !p.running.CompareAndSwap(false, true) {
		return fmt.Errorf("run puller %q: %w", name, ErrRunning)
	}
	defer p.running.Store(false)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(stopping, cancel)()
	return m.runOnce(ctx, p)
}

// resolveRef reads the secret a header refers to. Its errors name the
// variable or file, never a value.
func (m *Manager) resolveRef(r config.Ref) (string, error) { return r.Resolve(m.opts.Getenv) }
