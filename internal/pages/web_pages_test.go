package pages

import (
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/golden"
)

// TestPagesGolden renders the pages over a fixed history and a fixed clock
// and compares them with testdata/web (rerun with -update after a change,
// and review the diff).
func TestPagesGolden(t *testing.T) {
	h := newPagesHarness(t)
	pushPagesFixture(t, h)
	pages := h.pages(fullOptions())
	tests := []struct{ path, golden string }{
		{"/", "roadmap.html"},
		{"/indicators/" + ind11, "indicator.html"},
		{"/indicators/" + indRegion, "indicator_regions.html"},
		{"/objectives/1-1", "objective.html"},
		{"/alerts", "alerts.html"},
		{"/pullers", "pullers.html"},
		{"/indicators/" + indPercent + "?lang=fr", "indicator_fr.html"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			w := page(t, pages, tt.path)
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s = %d %s", tt.path, w.Code, w.Body)
			}
			golden.Compare(t, filepath.Join("testdata", "web", tt.golden), w.Body.Bytes())
		})
	}
}

var (
	objectiveGroupRE = regexp.MustCompile(`<tbody class="objective" id="objective-[^"]+" data-objective="([^"]+)">`)
	indicatorRowRE   = regexp.MustCompile(`<tr class="indicator" data-indicator="([^"]+)" data-status="([^"]+)">`)
)

func TestRoadmapFilters(t *testing.T) {
	h := newPagesHarness(t)
	pushCatalogFixture(t, h)
	pages := h.pages(Options{})
	c := h.eval.Catalog()
	all := page(t, pages, "/").Body.String()
	if got := len(objectiveGroupRE.FindAllString(all, -1)); got != len(c.Objectives) {
		t.Errorf("GET / shows %d objectives, want %d", got, len(c.Objectives))
	}
	tests := []struct {
		name, query string
		keep        func(objective, status string) bool
	}{
		{"status", "status=off_track", func(_, st string) bool { return st == "off_track" }},
		{"two statuses", "status=missed&status=achieved", func(_, st string) bool { return st == "missed" || st == "achieved" }},
		{"axis", "axis=2", func(o, _ string) bool { ob, _ := c.Objective(o); return ob.Axis == 2 }},
		{"owner", "owner=ANS", func(o, _ string) bool {
			ob, _ := c.Objective(o)
			return strings.Contains(strings.Join(ob.Owners, ","), "ANS")
		}},
		{"axis and status", "axis=1&status=on_track", func(o, st string) bool { ob, _ := c.Objective(o); return ob.Axis == 1 && st == "on_track" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := page(t, pages, "/?"+tt.query).Body.String()
			want := 0
			for _, m := range indicatorRowRE.FindAllStringSubmatch(all, -1) {
				if _, o, _ := c.Indicator(m[1]); tt.keep(o.ID, m[2]) {
					want++
				}
			}
			rows := indicatorRowRE.FindAllStringSubmatch(body, -1)
			if len(rows) != want || want == 0 {
				t.Errorf("GET /?%s shows %d rows, want %d (and more than none)", tt.query, len(rows), want)
			}
			for _, m := range rows {
				if _, o, _ := c.Indicator(m[1]); !tt.keep(o.ID, m[2]) {
					t.Errorf("GET /?%s shows %s (objective %s, %s)", tt.query, m[1], o.ID, m[2])
				}
			}
		})
	}
}

func TestPagesErrors(t *testing.T) {
	tokens := []config.Token{
		{Name: "grafana", Hash: config.HashToken("grafana-secret"), Scopes: []config.Scope{config.ScopeRead}},
		{Name: "cnam", Hash: config.HashToken("cnam-secret"), Scopes: []config.Scope{"write:mes_*"}},
	}
	open := newHarness(t).pages(Options{})
	locked := newHarness(t, tokens...).pages(Options{})
	tests := []struct {
		name    string
		h       http.Handler
		path    string
		header  []string
		code    int
		content string
	}{
		{"unknown indicator", open, "/indicators/nope", nil, 404, "not in the catalog"},
		{"unknown objective", open, "/objectives/9-9", nil, 404, "not in the catalog"},
		{"unknown page", open, "/nowhere", nil, 404, "No page here"},
		{"no token", locked, "/", nil, 401, "read scope"},
		{"write token", locked, "/", []string{"Authorization", "Bearer cnam-secret"}, 403, "read scope"},
		{"read token", locked, "/", []string{"Authorization", "Bearer grafana-secret"}, 200, "<table"},
		{"stylesheet without token", locked, "/static/jalon.css", nil, 200, "svg.chart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := page(t, tt.h, tt.path, tt.header...)
			if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.content) {
				t.Errorf("GET %s = %d %.200q, want %d with %q", tt.path, w.Code, w.Body, tt.code, tt.content)
			}
		})
	}
}

func TestPagesHeaders(t *testing.T) {
	pages := newHarness(t).pages(Options{})
	w := page(t, pages, "/")
	if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET / Content-Type = %q", ct)
	}
	csp := w.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("GET / Content-Security-Policy = %q, want no scripts at all", csp)
	}
	// Browsers ignore a directive they do not know, silently.
	known := map[string]bool{"default-src": true, "style-src": true, "img-src": true, "font-src": true,
		"form-action": true, "base-uri": true, "frame-ancestors": true}
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		if !known[name] {
			t.Errorf("GET / Content-Security-Policy has %q: not a CSP directive this test knows", name)
		}
		directives[name] = value
	}
	if directives["frame-ancestors"] != "'none'" {
		t.Errorf("GET / Content-Security-Policy = %q, want frame-ancestors 'none': no page may be framed", csp)
	}
	css := regexp.MustCompile(`href="(/static/jalon\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(w.Body.String())
	if css == nil {
		t.Fatal("GET / links no versioned stylesheet")
	}
	w = page(t, pages, css[1])
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s = %d %q %q", css[1], w.Code, w.Header().Get("Content-Type"), w.Header().Get("Cache-Control"))
	}
}

func TestPagesLanguage(t *testing.T) {
	pages := newHarness(t).pages(Options{})
	tests := []struct {
		name, path, accept, lang, link string
	}{
		{"default", "/", "", "en", `href="/alerts"`},
		{"browser in French", "/", "fr-FR,fr;q=0.9,en;q=0.8", "fr", `href="/alerts"`},
		{"browser in English first", "/", "en-GB,fr;q=0.5", "en", `href="/alerts"`},
		{"chosen French", "/?lang=fr", "en", "fr", `href="/alerts?lang=fr"`},
		{"chosen English", "/?lang=en", "fr", "en", `href="/alerts?lang=en"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := page(t, pages, tt.path, "Accept-Language", tt.accept).Body.String()
			if !strings.Contains(body, `<html lang="`+tt.lang+`">`) || !strings.Contains(body, tt.link) {
				t.Errorf("GET %s (Accept-Language %q): want lang %q and link %s", tt.path, tt.accept, tt.lang, tt.link)
			}
		})
	}
}

// TestPagePatterns mounts the pages pattern by pattern, as a route table
// may, and checks that every pattern is served and other paths are not.
func TestPagePatterns(t *testing.T) {
	pages := newHarness(t).pages(Options{})
	mux := http.NewServeMux()
	for _, p := range Patterns() {
		mux.Handle("GET "+p, pages)
	}
	mux.Handle("POST /api/v1/measurements", http.NotFoundHandler())
	for path, code := range map[string]int{
		"/": 200, "/indicators/" + ind11: 200, "/objectives/1-1": 200, "/alerts": 200, "/pullers": 200,
		"/static/jalon.css": 200, "/api/v1/measurements": 405, "/elsewhere": 404,
	} {
		if w := page(t, mux, path); w.Code != code {
			t.Errorf("GET %s = %d, want %d", path, w.Code, code)
		}
	}
}

// TestErrorPageHeaders checks that error pages carry the same policy as
// the pages themselves.
func TestErrorPageHeaders(t *testing.T) {
	pages := newHarness(t).pages(Options{})
	w := page(t, pages, "/indicators/no_such_indicator")
	if w.Code != http.StatusNotFound || !strings.Contains(w.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
		w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET /indicators/no_such_indicator = %d, headers %v; want 404 with the pages' policy", w.Code, w.Header())
	}
}

// TestPagesNameTimeZone checks that every page, error pages included,
// names the display zone, and that the moments it shows are in it: the
// pages said "UTC" whatever the configuration's timezone.
func TestPagesNameTimeZone(t *testing.T) {
	h := newPagesHarness(t)
	pushPagesFixture(t, h)
	pages := h.pages(fullOptions())
	for _, tt := range []struct{ path, zone, stamp string }{
		{"/", "Times in Europe/Paris.", "Evaluated at 2025-06-30 14:00."},
		{"/pullers", "Times in Europe/Paris.", `<td class="when">2025-06-30 13:00`},
		{"/alerts?lang=fr", "Heures en Europe/Paris.", "2025-06-28 14:00"},
		{"/indicators/" + ind11, "Times in Europe/Paris.", ""},
		{"/objectives/1-1", "Times in Europe/Paris.", ""},
		{"/nowhere", "Times in Europe/Paris.", ""},
	} {
		body := page(t, pages, tt.path).Body.String()
		for _, want := range []string{tt.zone, tt.stamp} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", tt.path, want)
			}
		}
		if strings.Contains(body, " UTC") {
			t.Errorf("GET %s shows a time in UTC, want Europe/Paris", tt.path)
		}
	}
}

// TestPagesDaysStayCalendarDays checks that a display zone west of UTC
// moves moments, not days: a deadline of 2026-12-31 is not shown as the
// 30th, nor a milestone read as overdue a day early.
func TestPagesDaysStayCalendarDays(t *testing.T) {
	h := newPagesHarness(t)
	pushPagesFixture(t, h)
	opts := fullOptions()
	var err error
	if opts.Timezone, err = time.LoadLocation("America/New_York"); err != nil {
		t.Fatal(err)
	}
	body := page(t, h.pages(opts), "/indicators/"+ind11).Body.String()
	if !strings.Contains(body, "2026-12-31") || strings.Contains(body, "2026-12-30") {
		t.Errorf("indicator page in America/New_York does not show the deadline 2026-12-31 as given")
	}
	if !strings.Contains(body, "Times in America/New_York.") {
		t.Errorf("indicator page does not name America/New_York")
	}
}
