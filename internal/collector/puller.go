package collector

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/store"
)

// puller is one configured puller and its state.
type puller struct {
	cfg     config.Puller
	sched   cron.Schedule
	src     source
	hash    string
	running atomic.Bool

	mu   sync.Mutex
	rec  record
	next time.Time
}

// newPuller builds the puller of cfg. Its problems are the ones only the
// collector can see: references to secrets that cannot be resolved.
func (m *Manager) newPuller(cfg config.Puller) (*puller, tomlcheck.Problems) {
	if cfg.Timezone == nil {
		cfg.Timezone = time.UTC
	}
	sched, err := cron.ParseStandard(cfg.Schedule)
	if err != nil {
		return nil, tomlcheck.Problems{cfg.Problem("schedule", "%v", err)}
	}
	var probs tomlcheck.Problems
	for _, name := range slices.Sorted(maps.Keys(cfg.Headers)) {
		if _, err := config.ExpandHeader(cfg.Headers[name], m.resolveRef); err != nil {
			probs = append(probs, cfg.Problem("headers."+name, "header %s: %v", name, err))
		}
	}
	f := &fetcher{client: m.opts.Client, timeout: cfg.Timeout, retries: cfg.Retries, backoff: cfg.Backoff,
		headers: func() (http.Header, error) { return m.headers(cfg.Headers) },
		logger:  m.logger.With("collector", cfg.Name)}
	p := &puller{cfg: cfg, sched: sched, src: m.newSource(&cfg, f), hash: configHash(cfg)}
	return p, probs
}

// newSource builds the source of cfg's type; config has checked that the
// tables it needs are there.
func (m *Manager) newSource(cfg *config.Puller, f *fetcher) source {
	switch cfg.Type {
	case config.PullerCSV:
		return &csvSource{url: cfg.URL, fetch: f, m: newCSVMapper(cfg)}
	case config.PullerJSON:
		return &jsonSource{url: cfg.URL, fetch: f, m: newJSONMapper(cfg)}
	case config.PullerPrometheus:
		return &promSource{cfg: cfg, client: m.opts.Client, fetch: f}
	}
	s := &fileSource{cfg: cfg.File}
	if cfg.CSV != nil {
		cm := newCSVMapper(cfg)
		s.read, s.agg = cm.read, cfg.CSV.Aggregate
		return s
	}
	jm := newJSONMapper(cfg)
	s.read = func(body io.Reader, acc *accumulator) error {
		b, err := readAllLimited(body)
		if err == nil {
			_, _, err = jm.read(b, "", acc)
		}
		return err
	}
	return s
}

func (p *puller) record() record {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rec
}

func (p *puller) setNext(t time.Time) {
	p.mu.Lock()
	p.next = t
	p.mu.Unlock()
}

// state is the puller's State as shown by the API.
func (p *puller) state() State {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.rec.State
	s.Name, s.Type, s.Schedule, s.Timezone = p.cfg.Name, p.cfg.Type, p.cfg.Schedule, p.cfg.Timezone.String()
	s.Target, s.Indicator = p.cfg.URL, p.cfg.Indicator
	if p.cfg.File != nil {
		s.Target = filepath.Join(p.cfg.File.Path, p.cfg.File.Glob)
	}
	s.Running, s.NextRun = p.running.Load(), p.next
	s.SkippedReasons = slices.Clone(s.SkippedReasons)
	return s
}

// finish folds the outcome of a run into the puller's record and returns
// the record to save.
func (p *puller) finish(r *run, res store.WriteResult, err error, start, end time.Time) record {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := &p.rec.State
	st.LastRun, st.LastDuration = start, end.Sub(start).Seconds()
	if err != nil {
		st.LastResult, st.LastError, st.NotModified, st.Points, st.SkippedReasons = resultFailure, err.Error(), false, Points{}, nil
		st.ConsecutiveFailures++
		return p.rec
	}
	st.LastResult, st.LastError, st.LastSuccess, st.ConsecutiveFailures = resultSuccess, "", end, 0
	st.NotModified = r.notModified
	st.Points = Points{New: res.New, Revised: res.Revised, Unchanged: res.Unchanged}
	st.SkippedReasons = nil
	if r.acc != nil {
		st.Points.NoValue, st.Points.Invalid, st.SkippedReasons = r.acc.noValue, r.acc.invalid, r.acc.reasons
	}
	p.rec.Validators, p.rec.Config = r.validators, p.hash
	if r.files != nil {
		p.rec.Files = r.files
	}
	return p.rec
}

// headers resolves the header templates of a puller for one request.
func (m *Manager) headers(tmpl map[string]string) (http.Header, error) {
	h := http.Header{}
	for name, t := range tmpl {
		v, err := config.ExpandHeader(t, m.resolveRef)
		if err != nil {
			return nil, fmt.Errorf("header %s: %w", name, err)
		}
		h.Set(name, v)
	}
	return h, nil
}
