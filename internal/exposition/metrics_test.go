package exposition

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/jalonhq/jalon/internal/golden"
)

// pushFixture pushes a small history: 1-1 monthly counts, a labelled count
// in two regions, a percent.
func pushFixture(t *testing.T, h *harness) {
	t.Helper()
	body := item(`{"indicator":"` + ind11 + `","time":"2024-10-31","value":2.0e7},
		{"indicator":"` + ind11 + `","time":"2024-11-30","value":2.1e7},
		{"indicator":"` + ind11 + `","time":"2024-12-31","value":2.2e7},
		{"indicator":"` + ind11 + `","time":"2025-01-31","value":2.2e7},
		{"indicator":"` + ind11 + `","time":"2025-02-28","value":2.3e7},
		{"indicator":"` + ind11 + `","time":"2025-03-31","value":2.4e7},
		{"indicator":"` + indRegion + `","labels":{"region":"84"},"time":"2025-03-31","value":120},
		{"indicator":"` + indRegion + `","labels":{"region":"11"},"time":"2025-03-31","value":80},
		{"indicator":"` + indPercent + `","time":"2025-05-31","value":41.5}`)
	h.push(t, body)
	h.refresh(t)
}

func TestExpositionGolden(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	var buf bytes.Buffer
	if err := encodeSnapshot(&buf, h.eval.Snapshot()); err != nil {
		t.Fatal(err)
	}
	golden.Compare(t, filepath.Join("testdata", "snapshot.prom"), buf.Bytes())
}

func TestMetricsEndpoint(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	plain := h.scrape()
	if plain.Code != 200 {
		t.Fatalf("GET /metrics = %d", plain.Code)
	}
	families := parseExposition(t, plain.Body.Bytes())
	for _, name := range []string{"jalon_indicator_status", "jalon_indicator_value", "jalon_objective_info", "jalon_points_ingested_total", "jalon_store_commits_total"} {
		if families[name] == nil {
			t.Errorf("/metrics has no family %s", name)
		}
	}
	if n := len(families["jalon_objective_info"].Metric); n != 65 {
		t.Errorf("jalon_objective_info has %d series, want 65", n)
	}
	// One status series per state, exactly one of them at 1, per series.
	ones := map[string]int{}
	for _, m := range families["jalon_indicator_status"].Metric {
		key := ""
		for _, l := range m.Label {
			if l.GetName() != "status" {
				key += l.GetName() + "=" + l.GetValue() + ","
			}
		}
		ones[key] += int(m.Gauge.GetValue())
	}
	for k, n := range ones {
		if n != 1 {
			t.Errorf("series %s has %d states at 1, want 1", k, n)
		}
	}
	zipped := h.scrape("Accept-Encoding", "gzip")
	if zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", zipped.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if got := parseExposition(t, unzipped); len(got) != len(families) {
		t.Errorf("gzipped /metrics has %d families, plain %d", len(got), len(families))
	}
	checkWithPromtool(t, plain.Body.Bytes())
}

func parseExposition(t *testing.T, b []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse exposition: %v", err)
	}
	return fams
}

// checkWithPromtool runs the real promtool's linter on the exposition. It
// is installed by `make test`; only a run outside CI may go without it.
func checkWithPromtool(t *testing.T, exposition []byte) {
	t.Helper()
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("promtool not found: `make test` installs the Debian package prometheus")
		}
		t.Skip("promtool not installed")
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(exposition)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Errorf("promtool check metrics = %v:\n%s", err, out)
	}
}

// TestMetricsStreamed checks the path of expositions too large to cache:
// they are streamed, plain or gzipped, with the same content.
func TestMetricsStreamed(t *testing.T) {
	h := newHarness(t)
	pushFixture(t, h)
	cached := parseExposition(t, h.scrape().Body.Bytes())
	// A limit that a snapshot this size might fit: encoding is tried, and
	// overflows.
	h.expo.limit = len(h.eval.Snapshot().Results) * minSeriesBytes
	h.eval.EvaluateAll() // a new generation, too large now
	checkStreamed(t, h, cached)
	if h.expo.overflowed == 0 {
		t.Errorf("a snapshot over the limit was not remembered as too large")
	}
	// A limit no snapshot this size can fit: not even tried.
	h.expo.limit, h.expo.overflowed = 1000, 0
	h.eval.EvaluateAll()
	checkStreamed(t, h, cached)
	if h.expo.overflowed != 0 || h.expo.expo != nil {
		t.Errorf("a snapshot that cannot fit the limit was encoded in memory")
	}
}

func checkStreamed(t *testing.T, h *harness, cached map[string]*dto.MetricFamily) {
	t.Helper()
	for _, enc := range []string{"", "gzip"} {
		w := h.scrape("Accept-Encoding", enc)
		body := w.Body.Bytes()
		if enc == "gzip" {
			zr, err := gzip.NewReader(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		got := parseExposition(t, body)
		if len(got["jalon_indicator_status"].Metric) != len(cached["jalon_indicator_status"].Metric) || len(got) != len(cached) {
			t.Errorf("streamed /metrics (%q) has %d families, %d status series; cached had %d, %d", enc,
				len(got), len(got["jalon_indicator_status"].Metric), len(cached), len(cached["jalon_indicator_status"].Metric))
		}
	}
}
