// Package remotewrite sends new measurements, with the times they refer to,
// to a Prometheus remote-write receiver (Prometheus with
// --web.enable-remote-write-receiver, Mimir, Thanos Receive, VictoriaMetrics),
// so that Prometheus holds the true history that scraping cannot give: a
// figure published in June about March is a sample dated in March. The
// receiver must accept out-of-order samples that old (Prometheus:
// storage.tsdb.out_of_order_time_window).
//
// Points wait in a bounded in-memory queue: a point dropped because the queue
// was full, or queued when the daemon stopped, is not sent again; the
// history can always be backfilled from the store with
// `jalonctl export openmetrics`.
package remotewrite

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
)

// Defaults for the zero fields of config.RemoteWrite and Options.
const (
	DefaultTimeout    = 30 * time.Second
	DefaultBatchSize  = 500
	DefaultQueueSize  = 100_000
	DefaultMinBackoff = 500 * time.Millisecond
	DefaultMaxBackoff = 30 * time.Second
)

// Metric is the name of the samples sent, the family jalond exposes for the
// latest values.
const Metric = "jalon_indicator_value"

// Options configure a Sender. Zero values mean defaults.
type Options struct {
	Config     config.RemoteWrite // required: Config.URL
	Logger     *slog.Logger
	Registerer prometheus.Registerer
	// Getenv resolves the ${NAME} references of header values; default
	// os.Getenv.
	Getenv func(string) string
	// MinBackoff and MaxBackoff bound the wait between two attempts of a
	// batch the receiver could not take.
	MinBackoff, MaxBackoff time.Duration
	// Transport carries the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
}

// Sender queues points and sends them in batches. Enqueue may be called from
// any goroutine; Run sends until its context ends.
type Sender struct {
	opts    Options
	cfg     config.RemoteWrite
	headers http.Header
	client  *http.Client
	log     *slog.Logger
	metrics *metrics

	mu    sync.Mutex
	queue []sample      // guarded by mu
	wake  chan struct{} // capacity 1: the queue is not empty
}

// New returns a sender to opts.Config.URL. It resolves the header
// references now, so that a missing variable stops the daemon at start.
func New(opts Options) (*Sender, error) {
	cfg := opts.Config
	if cfg.URL == "" {
		return nil, errors.New("remote write: no url")
	}
	cfg.Timeout = cmp.Or(cfg.Timeout, DefaultTimeout)
	cfg.BatchSize = cmp.Or(cfg.BatchSize, DefaultBatchSize)
	cfg.QueueSize = cmp.Or(cfg.QueueSize, DefaultQueueSize)
	opts.MinBackoff = cmp.Or(opts.MinBackoff, DefaultMinBackoff)
	opts.MaxBackoff = max(cmp.Or(opts.MaxBackoff, DefaultMaxBackoff), opts.MinBackoff)
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	headers, err := resolveHeaders(cfg.Headers, opts.Getenv)
	if err != nil {
		return nil, err
	}
	s := &Sender{opts: opts, cfg: cfg, headers: headers, client: &http.Client{Timeout: cfg.Timeout, Transport: opts.Transport},
		log: opts.Logger, wake: make(chan struct{}, 1)}
	if s.metrics, err = newMetrics(s, opts.Registerer); err != nil {
		return nil, err
	}
	return s, nil
}

func resolveHeaders(tmpl map[string]string, getenv func(string) string) (http.Header, error) {
	h := http.Header{}
	for name, t := range tmpl {
		v, err := config.ExpandHeader(t, func(r config.Ref) (string, error) { return r.Resolve(getenv) })
		if err != nil {
			return nil, fmt.Errorf("remote write: header %s: %w", name, err)
		}
		h.Set(name, v)
	}
	return h, nil
}

// Enqueue queues ms to be sent, labelled with their indicator, objective
// (objectiveOf(indicator); omitted when "") and labels. It never blocks:
// when the queue is full the excess is dropped and counted. It does not
// keep ms.
func (s *Sender) Enqueue(ms []indicators.Measurement, objectiveOf func(string) string) {
	var lastInd, lastObj string
	batch := make([]sample, 0, len(ms))
	for _, m := range ms {
		if m.Indicator != lastInd {
			lastInd, lastObj = m.Indicator, objectiveOf(m.Indicator)
		}
		ls := make([]label, 0, 3+len(m.Labels))
		ls = append(ls, label{"__name__", Metric}, label{"indicator", m.Indicator})
		if lastObj != "" {
			ls = append(ls, label{"objective", lastObj})
		}
		for _, l := range m.Labels {
			ls = append(ls, label{l.Name, l.Value})
		}
		slices.SortFunc(ls, func(a, b label) int { return cmp.Compare(a.name, b.name) })
		batch = append(batch, sample{labels: ls, ms: m.Time.UnixMilli(), value: m.Value})
	}
	s.mu.Lock()
	room := max(s.cfg.QueueSize-len(s.queue), 0)
	dropped := max(len(batch)-room, 0)
	s.queue = append(s.queue, batch[:len(batch)-dropped]...)
	s.mu.Unlock()
	if dropped > 0 {
		s.metrics.samples.WithLabelValues("dropped").Add(float64(dropped))
		s.log.Warn("remote write queue full: points dropped", "component", "remotewrite", "dropped", dropped)
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// take removes and returns up to one batch from the queue.
func (s *Sender) take() []sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := min(len(s.queue), s.cfg.BatchSize)
	batch := slices.Clone(s.queue[:n])
	s.queue = s.queue[n:]
	if len(s.queue) == 0 {
		s.queue = nil // let the grown array go
	}
	return batch
}

func (s *Sender) queueLength() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return float64(len(s.queue))
}
