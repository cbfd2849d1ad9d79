package collector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/store"
)

// testNow is the clock of the tests that do not drive time with synctest.
var testNow = time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)

// harness is the daemon's write path as cmd/jalond builds it: a real store
// in a temporary directory, the embedded roadmap catalog, an evaluator and
// the ingest pipeline.
type harness struct {
	store *store.Store
	eval  *evaluator.Evaluator
	pipe  *ingest.Pipeline
	reg   *prometheus.Registry
	now   func() time.Time
}

func roadmap(t testing.TB) *indicators.Catalog {
	t.Helper()
	c, err := catalogfile.Embedded()
	if err != nil {
		t.Fatalf("ParseCatalog(seeds) = %v", err)
	}
	return c
}

// newHarness opens the write path in dir (a fresh one if ""); now is its
// clock, testNow if nil.
func newHarness(t testing.TB, dir string, now func() time.Time) *harness {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	if now == nil {
		now = func() time.Time { return testNow }
	}
	reg := prometheus.NewRegistry()
	st, err := store.Open(filepath.Join(dir, "jalon.db"), store.Options{Registerer: reg, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ev := evaluator.New(st, roadmap(t), evaluator.Options{Now: now, Registerer: reg})
	if err := ev.Load(); err != nil {
		t.Fatal(err)
	}
	pipe, err := ingest.NewPipeline(st, ev.Catalog, reg)
	if err != nil {
		t.Fatal(err)
	}
	pipe.OnWrite(ev.Touch)
	return &harness{store: st, eval: ev, pipe: pipe, reg: reg, now: now}
}

// pullers parses [[puller]] tables as the daemon's configuration would.
func pullers(t testing.TB, toml string) []config.Puller {
	t.Helper()
	d, err := config.ParseDaemon(tomlcheck.Source{Name: "jalon.toml", Data: []byte(toml)})
	if err != nil {
		t.Fatalf("ParseDaemon:\n%s\n%v", toml, err)
	}
	return d.Pullers
}

// manager builds a Manager of the pullers in toml over the harness.
func (h *harness) manager(t testing.TB, toml string, opts ...func(*Options)) *Manager {
	t.Helper()
	o := Options{Pullers: pullers(t, toml), Pipeline: h.pipe, Store: h.store, Catalog: h.eval.Catalog(),
		Now: h.now, Registerer: h.reg, Logger: testLogger(t), Getenv: func(string) string { return "" }}
	for _, f := range opts {
		f(&o)
	}
	m, err := New(o)
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	return m
}

// testLogger writes to the test's log, so that a failing test shows what
// the pullers said.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// stored lists every stored point of indicator as "labels time value"
// lines, sorted, for comparison with the expected points.
func (h *harness) stored(t testing.TB, indicator string) []string {
	t.Helper()
	var out []string
	err := h.store.View(func(r store.Reader) error {
		series, err := r.SeriesOf(indicator)
		if err != nil {
			return err
		}
		for _, s := range series {
			err := r.Points(s.ID, time.Time{}, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), func(p indicators.Point, source string) error {
				out = append(out, fmt.Sprintf("%s %s %g %s", s.Labels, p.Time.UTC().Format(time.RFC3339), p.Value, source))
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// runNow runs a puller and returns its state after the run.
func runNow(t testing.TB, m *Manager, name string) (State, error) {
	t.Helper()
	err := m.RunNow(context.Background(), name)
	st, ok := m.State(name)
	if !ok {
		t.Fatalf("State(%s): no such puller", name)
	}
	return st, err
}

func mustRun(t testing.TB, m *Manager, name string) State {
	t.Helper()
	st, err := runNow(t, m, name)
	if err != nil {
		t.Fatalf("RunNow(%s) = %v", name, err)
	}
	return st
}

func equalLines(t testing.TB, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s =\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func isProblems(err error) bool {
	var probs tomlcheck.Problems
	return errors.As(err, &probs)
}
