package main

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/testpeer"
)

// TestWebPagesInChromium loads a daemon with measurements for a few
// indicators and drives headless Chromium over its pages: the roadmap
// shows every objective, a status filter keeps only matching rows, and an
// indicator page draws its chart. Screenshots are saved for review in
// $JALON_E2E_ARTIFACTS, or in the test's artifact directory (go test
// -artifacts keeps it).
func TestWebPagesInChromium(t *testing.T) {
	browser := testpeer.Binary(t, "chromium")
	d := startDaemon(t, t.TempDir())
	if code, _, err := d.do("GET", "/", "", nil); err != nil || code != http.StatusOK {
		t.Fatalf("GET / = %d, %v, want 200", code, err)
	}
	c := seedCatalog(t)
	now := time.Now().UTC()
	behind, onPlan := pickJudged(t, c, now)
	late, documents := webFixture(c, behind, now, 0.2, nil), webFixture(c, documentsFed, now, 1.0, nil)
	pts := append(append(late, documents...), webFixture(c, onPlan, now, 1.0, nil)...)
	for _, region := range []string{"11", "84", "93"} {
		pts = append(pts, webFixture(c, awarenessShare, now, 0.9, map[string]string{"region": region})...)
	}
	if code, body, err := d.push(context.Background(), "", pts...); err != nil || code != http.StatusOK {
		t.Fatalf("POST /api/v1/measurements = %d %s, %v", code, body, err)
	}
	if ev := d.waitEvaluated(t, behind, late[len(late)-1].Time); ev.Status != "off_track" {
		t.Fatalf("status of %s pushed at a fifth of its plan = %q, want off_track", behind, ev.Status)
	}
	d.waitEvaluated(t, documentsFed, documents[len(documents)-1].Time)

	b := &browserRun{t: t, bin: browser, dir: artifactDir(t)}
	t.Run("roadmap", func(t *testing.T) {
		dom := b.dumpDOM(d.base + "/")
		if n := strings.Count(dom, `<tbody class="objective"`); n != len(c.Objectives) {
			t.Errorf("roadmap table shows %d objectives, want %d", n, len(c.Objectives))
		}
		if !strings.Contains(dom, `data-indicator="`+documentsFed+`" data-status="`) {
			t.Errorf("roadmap table has no row for %s", documentsFed)
		}
	})
	t.Run("filter", func(t *testing.T) {
		dom := b.dumpDOM(d.base + "/?status=off_track")
		rows := regexp.MustCompile(`<tr class="indicator" data-indicator="([^"]+)" data-status="([^"]+)"`).FindAllStringSubmatch(dom, -1)
		found := false
		for _, r := range rows {
			if r[2] != "off_track" {
				t.Errorf("/?status=off_track shows %s with status %s", r[1], r[2])
			}
			found = found || r[1] == behind
		}
		if !found {
			t.Errorf("/?status=off_track does not show %s (rows: %v)", behind, rows)
		}
	})
	t.Run("indicator chart", func(t *testing.T) {
		dom := b.dumpDOM(d.base + "/indicators/" + documentsFed)
		for _, want := range []string{`<svg class="chart"`, `role="img"`, `<path class="plan" d="M`, `<path class="actual" d="M`, `class="milestone"`, `class="today"`} {
			if !strings.Contains(dom, want) {
				t.Errorf("indicator page lacks %s", want)
			}
		}
		if n := strings.Count(dom, `<circle class="point`); n < 6 {
			t.Errorf("indicator chart draws %d points, want the 6 or more pushed", n)
		}
	})
	for _, s := range []struct{ name, path, size string }{
		{"roadmap", "/", "1366,2000"},
		{"roadmap-phone", "/?status=off_track", "390,1600"},
		{"roadmap-fr", "/?lang=fr&axis=1", "1366,1400"},
		{"indicator", "/indicators/" + documentsFed, "1280,2400"},
		{"indicator-phone", "/indicators/" + behind, "390,2000"},
		{"indicator-regions", "/indicators/" + awarenessShare, "1280,2600"},
		{"objective", "/objectives/1-1", "1280,1800"},
		{"alerts", "/alerts", "1280,600"},
	} {
		b.screenshot(s.name, d.base+s.path, s.size)
	}
	t.Logf("screenshots in %s", b.dir)
}

// browserRun runs headless Chromium once per page, each time with a fresh
// profile, as the issue asks.
type browserRun struct {
	t   *testing.T
	bin string
	dir string
}

func (b *browserRun) run(args ...string) string {
	b.t.Helper()
	args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir=" + b.t.TempDir()}, args...)
	p := startProcess(b.t, "chromium", b.bin, args...)
	code, err := p.wait(90 * time.Second)
	if err != nil || code != 0 {
		b.t.Fatalf("chromium %s: exit %d, %v\n%s", strings.Join(args, " "), code, err, tail(p.stderr.String(), 20))
	}
	return p.stdout.String()
}

func (b *browserRun) dumpDOM(url string) string {
	b.t.Helper()
	return b.run("--dump-dom", url)
}

func (b *browserRun) screenshot(name, url, size string) {
	b.t.Helper()
	file := filepath.Join(b.dir, name+".png")
	b.run("--screenshot="+file, "--window-size="+size, url)
	if st, err := os.Stat(file); err != nil || st.Size() == 0 {
		b.t.Errorf("screenshot of %s: %v", url, err)
	}
}

func artifactDir(t *testing.T) string {
	if dir := os.Getenv("JALON_E2E_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.ArtifactDir()
}

func seedCatalog(t *testing.T) *indicators.Catalog {
	t.Helper()
	c, err := catalogfile.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pickJudged returns two level indicators of the catalog, without
// dimensions, whose current milestone is still ahead and whose plan has
// covered more than a third of the way to it: one to push far behind plan,
// one to push on plan. It keeps the test meaningful whatever today is.
func pickJudged(t *testing.T, c *indicators.Catalog, now time.Time) (behind, onPlan string) {
	t.Helper()
	var ids []string
	for _, o := range c.Objectives {
		for i := range o.Indicators {
			ind := &o.Indicators[i]
			if ind.Kind != indicators.KindLevel || len(ind.Dimensions) > 0 || ind.Direction == indicators.Decrease {
				continue
			}
			for k, m := range ind.Milestones {
				if !m.Deadline.After(now.AddDate(0, 2, 0)) {
					continue
				}
				from := ind.Baseline.Value
				if k > 0 {
					from = ind.TargetValue(k - 1)
				}
				if to := ind.TargetValue(k); to > from && (ind.Planned(now)-from)/(to-from) > 0.35 {
					ids = append(ids, ind.ID)
				}
				break
			}
		}
	}
	if len(ids) < 2 {
		t.Skipf("no two level indicators with a milestone ahead of %s: the roadmap is over", now.Format(time.DateOnly))
	}
	return ids[0], ids[1]
}

// webFixture is a year of monthly points for an indicator, along its plan
// times factor, up to a month ago: never older than the monthly cadence
// allows, whatever the day of the month.
func webFixture(c *indicators.Catalog, id string, now time.Time, factor float64, labels map[string]string) []point {
	ind, _, _ := c.Indicator(id)
	var out []point
	for m := 12; m >= 1; m-- {
		at := now.Truncate(24*time.Hour).AddDate(0, -m, 0)
		v := ind.Planned(at) * factor
		if ind.Kind == indicators.KindRate && ind.Input == indicators.InputCount {
			v *= float64(ind.Period) / float64(365*24*time.Hour)
		}
		if ind.Unit == "percent" {
			v = math.Min(v, 100)
		}
		out = append(out, point{Indicator: id, Labels: labels, Time: at, Value: math.Round(math.Max(v, 0)*100) / 100,
			Source: fmt.Sprintf("e2e web %.1f", factor)})
	}
	return out
}
