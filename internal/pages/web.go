// Package pages serves Jalon's built-in web pages: the roadmap, each
// indicator and objective, alerts and pullers, in English and French,
// with their charts, templates and stylesheet.
package pages

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/report"
	"github.com/jalonhq/jalon/territory"
)

//go:embed web/templates/*.html web/static/*
var webFS embed.FS

// Options configure the built-in web pages. Evaluator and Store are
// required; for the others zero values mean the feature is absent: the
// page says so instead of failing.
type Options struct {
	// Evaluator gives the evaluated state the pages show.
	Evaluator Evaluator
	// Store gives the stored history, revisions and audit entries of the
	// indicator and objective pages.
	Store Store
	// Auth applies the read rule of the query API to the pages, so that a
	// token reads both or neither; nil lets every request read.
	Auth Authorizer
	// Alerts lists current and recent alerts, for /alerts and the alert
	// history of each indicator page; nil renders "no alerting configured".
	Alerts AlertLister
	// Pullers lists the configured pullers and their last runs, for
	// /pullers; nil renders "no pullers configured".
	Pullers PullerLister
	// Timezone is the zone every moment is shown in and named, the
	// configuration's timezone; nil means UTC.
	Timezone *time.Location
	// Login adds a log-in button, and a log-out one for who is logged in;
	// nil: the pages have no login.
	Login  Login
	Logger *slog.Logger
	// Assessments keeps the owners' assessments shown on the objective
	// page; nil shows none. Assessor applies the API's assess rule to its
	// form; nil shows no form.
	Assessments Assessments
	Assessor    Assessor
	// Now is the clock of recorded assessments; nil means time.Now.
	Now func() time.Time
}

// pages serves the HTML pages. Templates are parsed once; each request
// renders from the evaluator's latest snapshot.
type pages struct {
	opts   Options
	eval   Evaluator
	store  Store
	logger *slog.Logger
	codes  *territory.Codes // nil if the tables failed to load: codes are shown bare
	tmpl   *template.Template
	cssRef string // /static/jalon.css?v=<hash>, so a new build busts caches
	static http.Handler
	// missing is told of messages lacking a French translation; tests set it.
	missing func(key string)
}

// New returns the handler of the built-in web pages: the roadmap (/), an
// indicator (/indicators/{id}), an objective (/objectives/{id}), alerts
// (/alerts), pullers (/pullers) and their stylesheet (/static/). Mount it
// on "GET /", or on "GET " + each of Patterns so that other paths keep
// the route table's own 404 and 405 answers. The pages need no JavaScript.
// When tokens are configured they ask for a read token, like the query API.
func New(opts Options) http.Handler { return newPages(opts).handler() }

// Patterns lists the path patterns the pages answer, for a route table
// that mounts them one by one.
func Patterns() []string {
	return []string{"/{$}", "/indicators/{id}", "/objectives/{id}", "/alerts", "/pullers", "/static/"}
}

func (p *pages) handler() http.Handler {
	handlers := map[string]http.Handler{
		"/{$}": http.HandlerFunc(p.roadmap), "/indicators/{id}": http.HandlerFunc(p.indicator),
		"/objectives/{id}": http.HandlerFunc(p.objective), "/alerts": http.HandlerFunc(p.alerts),
		"/pullers": http.HandlerFunc(p.pullers), "/static/": p.static,
	}
	mux := http.NewServeMux()
	for _, pattern := range Patterns() {
		mux.Handle("GET "+pattern, handlers[pattern])
	}
	mux.HandleFunc(AssessPattern, p.assess)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p.fail(w, r, http.StatusNotFound, "No page here.")
	})
	return mux
}

func newPages(opts Options) *pages {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	// The templates and stylesheet are embedded: a parse error is a defect
	// of the build, caught by every test of the pages.
	tmpl := template.Must(template.New("").ParseFS(webFS, "web/templates/*.html"))
	static, _ := fs.Sub(webFS, "web/static")
	css, _ := fs.ReadFile(static, "jalon.css")
	sum := sha256.Sum256(css)
	codes, _ := territory.Load()
	p := &pages{opts: opts, eval: opts.Evaluator, store: opts.Store, logger: opts.Logger, codes: codes, tmpl: tmpl,
		cssRef: "/static/jalon.css?v=" + hex.EncodeToString(sum[:6])}
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	p.static = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No file's name holds invalid UTF-8 or a NUL, which the file
		// server would take for an error of its own and answer 500.
		if name := r.URL.Path; !utf8.ValidString(name) || strings.ContainsRune(name, 0) || !isFile(static, name) {
			p.fail(w, r, http.StatusNotFound, "No page here.")
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		files.ServeHTTP(w, r)
	})
	return p
}

// isFile reports whether the request path /static/NAME is a file of
// static: a directory would be listed, and the stylesheet is all there is
// to see.
func isFile(static fs.FS, urlPath string) bool {
	name := strings.TrimPrefix(path.Clean(urlPath), "/static/")
	info, err := fs.Stat(static, name)
	return err == nil && !info.IsDir()
}

// pageBase is what every page's layout needs.
type pageBase struct {
	L       *lang
	Title   string
	Nav     string // "roadmap", "alerts" or "pullers": the current section
	CSS     string
	At      string // evaluation time of the snapshot shown
	Zone    string // the display time zone, named in the footer
	LangEN  string // this page in English
	LangFR  string // this page in French
	Heading string
	// Links of the navigation, keeping an explicit language.
	RoadmapHref, AlertsHref, PullersHref string
	Account                              account
}

func (p *pages) base(r *http.Request, s *evaluator.Snapshot, title, nav string) pageBase {
	l := pickLang(r, p.missing)
	l.zone = p.opts.Timezone
	other := func(code string) string {
		q := cloneValues(r.URL.Query())
		q.Set("lang", code)
		return r.URL.EscapedPath() + "?" + q.Encode()
	}
	return pageBase{L: l, Title: title, Heading: title, Nav: nav, CSS: p.cssRef, At: l.stamp(s.At), Zone: l.zoneName(),
		LangEN: other("en"), LangFR: other("fr"),
		RoadmapHref: l.Href("/", nil), AlertsHref: l.Href("/alerts", nil), PullersHref: l.Href("/pullers", nil),
		Account: p.account(r)}
}

// allowed applies the query API's read rule to the pages.
func (p *pages) allowed(w http.ResponseWriter, r *http.Request) bool {
	if p.opts.Auth == nil {
		return true
	}
	ok, authenticated := p.opts.Auth.CanRead(r)
	switch {
	case ok:
		return true
	case authenticated:
		p.fail(w, r, http.StatusForbidden, "These pages need a bearer token with the read scope.")
	case p.opts.Login != nil:
		p.fail(w, r, http.StatusUnauthorized, "Log in to read these pages.")
	default:
		p.opts.Auth.Challenge(w.Header())
		p.fail(w, r, http.StatusUnauthorized, "These pages need a bearer token with the read scope.")
	}
	return false
}

// render executes a page template into a buffer, so that a failure midway
// sends a clean error instead of half a page.
func (p *pages) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		p.logger.Error("render page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "page rendering failed", http.StatusInternalServerError)
		return
	}
	report.SetHTMLHeaders(w.Header())
	w.Header().Set("Vary", "Accept-Language") // the language follows it unless ?lang= is given
	w.Write(buf.Bytes())
}

type errorPage struct {
	pageBase
	Code    int
	Message string
}

func (p *pages) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	b := p.base(r, p.eval.Snapshot(), http.StatusText(code), "")
	b.Title = b.L.T(http.StatusText(code))
	b.Heading = b.Title
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, "error", errorPage{pageBase: b, Code: code, Message: b.L.T(msg)}); err != nil {
		http.Error(w, msg, code)
		return
	}
	report.SetHTMLHeaders(w.Header())
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// query returns the values of a query parameter, empty ones dropped.
func queryValues(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func indicatorHref(l *lang, id string) string {
	return l.Href("/indicators/"+url.PathEscape(id), nil)
}

func objectiveHref(l *lang, id string) string {
	return l.Href("/objectives/"+url.PathEscape(id), nil)
}
