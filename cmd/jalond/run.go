package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // Europe/Paris must resolve on machines without tzdata

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/alerting"
	"github.com/jalonhq/jalon/internal/api"
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/internal/buildversion"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/collector"
	"github.com/jalonhq/jalon/internal/config"
	"github.com/jalonhq/jalon/internal/evaluator"
	"github.com/jalonhq/jalon/internal/exposition"
	"github.com/jalonhq/jalon/internal/ingest"
	"github.com/jalonhq/jalon/internal/pages"
	"github.com/jalonhq/jalon/internal/remotewrite"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/internal/webconfig"
	"github.com/jalonhq/jalon/store"
)

// shutdownGrace bounds how long in-flight requests may take once a stop is
// asked for.
const shutdownGrace = 15 * time.Second

// run is the whole daemon: it returns when ctx is cancelled (SIGTERM, SIGINT)
// and everything has stopped, or at the first fatal error.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	f, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if f.version {
		_, err := io.WriteString(stdout, buildversion.Print("jalond"))
		return err
	}
	logger, err := newLogger(f.logLevel, f.logFormat, stderr)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(f)
	if err != nil {
		return err
	}
	// Every check that needs no store runs before the store is created, so
	// that a configuration refused leaves nothing on disk; assemble
	// reconciles the catalog with the store afterwards.
	if _, _, err := config.Validate(cfg, nil, embeddedSources(), getenv); err != nil {
		return err
	}
	web, err := webconfig.Load(f.webConfigFile)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	buildversion.Fill() // before the collector reads it
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		versioncollector.NewCollector("jalon"))

	clk := &storeClock{}
	ob, err := openBackend(ctx, cfg, f, clk, logger, reg)
	if err != nil {
		return err
	}
	st := ob.st
	defer func() {
		// A store that could not close keeps its write-ahead log for the
		// next start; the exit status says something went wrong.
		if cerr := ob.close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if f.noSync {
		logger.Warn("storage.no-sync is set: commits are not fsynced, a crash may lose acknowledged writes")
	}

	d, err := assemble(cfg, f.limits, web, st, getenv, logger, reg)
	if err != nil {
		return err
	}
	if ob.feed != nil {
		ob.feed.attach(d)
	}
	if ob.fresh && !f.noPublishedRecord {
		if err := loadPublished(ctx, st, clk, d.eval.Catalog(), logger); err != nil {
			return err
		}
	}
	if d.api.OpenWrites() {
		logger.Warn("no tokens configured: writes and admin requests are accepted from loopback clients only")
	}

	srv := &http.Server{
		Handler: d.handler,
		// A client that sends its headers slowly, or keeps a connection
		// idle, holds a goroutine and a connection slot.
		ReadHeaderTimeout: f.limits.readHeaderTimeout,
		IdleTimeout:       f.limits.idleTimeout,
		// A body that trickles in would hold a goroutine for ever; five
		// minutes is Prometheus' --web.read-timeout default, and ample for
		// the largest batch.
		ReadTimeout: 5 * time.Minute,
		// A client that stops reading would hold its handler, and the
		// snapshot it writes, for ever. Streams that may take longer
		// (series, reports, backups) set their own deadline.
		WriteTimeout: 2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	if web.TLS() {
		if srv.TLSConfig, err = web.ServerTLS(); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.ListenAddress)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddress, err)
	}
	ln = newLimitListener(ln, f.limits.maxConnections)
	d.lead.advertise(cfg.Alerting.ExternalURL, ln.Addr(), web.TLS())
	logger.Info("listening", "address", ln.Addr().String(), "tls", web.TLS(), "storage", ob.where)
	fmt.Fprintf(stdout, "jalond listening on %s\n", url(ln.Addr(), web.TLS()))
	return serve(ctx, srv, ln, d.ready, logger, st, d.eval, d.parts...)
}

// components is every component of jalond, built and wired.
type components struct {
	eval    *evaluator.Evaluator
	api     *api.API
	handler http.Handler
	routes  []route // the table handler serves
	ready   *atomic.Bool
	parts   []runner    // started after the first evaluation, stopped after HTTP drains
	lead    *leadership // runs the pullers and alerting while this replica leads
}

// assemble builds the components over an open store, each with its
// dependencies, and the route table. Tests build the real daemon with it.
func assemble(cfg *config.Daemon, lim webLimits, web *webconfig.Config, st store.Backend, getenv func(string) string, logger *slog.Logger, reg *prometheus.Registry) (*components, error) {
	catalog, err := loadCatalog(cfg, st, logger)
	if err != nil {
		return nil, err
	}
	if probs := cfg.Check(catalog, getenv); len(probs) > 0 {
		return nil, probs
	}
	ev := evaluator.New(st, catalog, evaluator.Options{
		Interval: cfg.EvaluationInterval, Logger: logger.With("component", "evaluator"), Registerer: reg,
	})
	pipeline, err := ingest.NewPipeline(st, ev.Catalog, reg)
	if err != nil {
		return nil, err
	}
	// Before the push is answered, so that a read after it waits for its
	// evaluation.
	pipeline.OnWrite(ev.Touch)
	// Leadership (leading.go): on etcd, the pullers' and alerts' state
	// writes carry the leader's term.
	stateSt, ts := stateStoreOf(st)
	alertCfg := withExternalURL(cfg.Alerting, cfg.ListenAddress, web.TLS())
	pullers, err := collector.New(collector.Options{
		Pullers: cfg.Pullers, Pipeline: pipeline, Store: stateSt, Catalog: ev.Catalog(),
		Getenv: getenv, Logger: logger, Registerer: reg,
	})
	if err != nil {
		return nil, err
	}
	book := assessment.NewBook(st)
	alerts, err := alerting.New(alerting.Options{
		Store: stateSt, Snapshot: ev.Snapshot, Pullers: pullerStates(pullers), Divergences: divergences(book, ev.Snapshot, logger),
		Config: alertCfg, Notifiers: cfg.Notifiers, Language: cfg.Language,
		EvaluationInterval: cfg.EvaluationInterval, Logger: logger.With("component", "alerting"), Registerer: reg,
	})
	if err != nil {
		return nil, err
	}
	lead, err := newLeadership(cfg, ts, pullers, alerts, alertCfg.ExternalURL, logger, reg)
	if err != nil {
		return nil, err
	}
	lg, err := newLogin(cfg.OIDC, web.TLS(), st, logger.With("component", "login"))
	if err != nil {
		return nil, err
	}
	a, err := api.New(st, ev, api.Options{
		Tokens: cfg.Tokens, WebUsers: cfg.WebUsers, Passwords: passwords(web), Sessions: loginSessions(lg), Logger: logger.With("component", "api"),
		Registerer: reg, Pipeline: pipeline, Report: reportOf(st), PushMemory: int64(lim.pushMemory), Language: cfg.Language,
		Timezone: cfg.Timezone,
	})
	if err != nil {
		return nil, err
	}
	if err := reg.Register(assessment.NewCollector(book, ev.Snapshot)); err != nil {
		return nil, fmt.Errorf("register assessment metrics: %w", err)
	}
	expo := exposition.New(ev.Snapshot, reg)
	pg := pages.New(pages.Options{Evaluator: ev, Store: st, Auth: a, Pullers: pullerViews(pullers), Alerts: alertViews(alerts), Timezone: cfg.Timezone,
		Login: pagesLogin(lg), Assessments: book, Assessor: a, Logger: logger.With("component", "pages")})
	d := &components{eval: ev, api: a, ready: new(atomic.Bool), parts: []runner{lead, runFunc(expo.Prepare)}, lead: lead}
	if cfg.RemoteWrite.Enabled() {
		sender, err := remotewrite.New(remotewrite.Options{Config: cfg.RemoteWrite, Logger: logger, Registerer: reg})
		if err != nil {
			return nil, err
		}
		pipeline.OnWrite(func(ms []indicators.Measurement) { sender.Enqueue(ms, objectiveOf(ev)) })
		d.parts = append(d.parts, sender)
	}
	d.handler, d.routes = routes(surfaces{api: a, metrics: expo, pages: pg, pullers: lead.pullerRunner(), alerts: alerts, login: loginRoutes(lg), assessments: book, inSync: inSyncOf(st)}, d.ready)
	d.handler = web.Headers(d.handler)
	return d, nil
}

// runner is a long-running part of the daemon.
type runner interface {
	Run(ctx context.Context) error
}

// runFunc makes a function a runner.
type runFunc func(ctx context.Context) error

func (f runFunc) Run(ctx context.Context) error { return f(ctx) }

// serve runs the HTTP server, the evaluator and the other parts until ctx is
// done or one of them fails, then stops them all at once: HTTP drains while
// the parts end (a puller run in flight, scheduled or asked for over the API,
// is cancelled and writes nothing; pushes in flight go on). The store closes
// after both, so every acknowledged write is committed before it does.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, ready *atomic.Bool, logger *slog.Logger, st store.Backend, ev *evaluator.Evaluator, parts ...runner) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	unused := newUnusedConns()
	srv.ConnState = unused.track
	errc := make(chan error, 2+len(parts))
	go func() {
		var err error
		if srv.TLSConfig != nil {
			// The certificate comes from srv.TLSConfig, read again from
			// --web.config.file for each new connection.
			err = srv.ServeTLS(ln, "", "")
		} else {
			err = srv.Serve(ln)
		}
		if !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("http server: %w", err)
		}
	}()

	if err := ev.Load(); err != nil {
		srv.Close()
		return err
	}
	ready.Store(true)
	logger.Info("ready", "series", len(ev.Snapshot().Results))
	releaseStartup(st, logger)

	var wg sync.WaitGroup
	for _, p := range append([]runner{ev}, parts...) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.Run(ctx); err != nil {
				errc <- fmt.Errorf("%T: %w", p, err)
			}
		}()
	}

	var runErr error
	select {
	case <-ctx.Done():
		logger.Info("stopping")
	case runErr = <-errc:
		logger.Error("stopping", "err", runErr)
	}
	ready.Store(false)
	// A request waiting on a part, such as a puller run asked for over the
	// API, would otherwise hold the drain for the whole grace period.
	cancel()
	shutdownCtx, done := context.WithTimeout(context.Background(), shutdownGrace)
	defer done()
	if err := shutdown(shutdownCtx, srv, unused); err != nil {
		// Requests still running hold read transactions that would keep the
		// store from closing: cut them.
		logger.Warn("http shutdown", "err", err)
		srv.Close()
	}
	wg.Wait()
	return runErr
}

// shutdown runs srv.Shutdown and closes the connections no request has
// started on while it waits for the others: Shutdown stops accepting at
// once, but a connection accepted just before may be reported new later.
func shutdown(ctx context.Context, srv *http.Server, unused *unusedConns) error {
	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(ctx) }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-tick.C:
			unused.close()
		}
	}
}

func url(addr net.Addr, tls bool) string {
	scheme := "http"
	if tls {
		scheme = "https"
	}
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/"
}

// embeddedSources returns the catalog compiled into jalond.
func embeddedSources() []tomlcheck.Source {
	return catalogfile.EmbeddedSources()
}

// loadConfig reads the configuration file, if any, and applies the flags
// given explicitly on top.
func loadConfig(f *flags) (*config.Daemon, error) {
	var cfg *config.Daemon
	var err error
	if f.configFile != "" {
		cfg, err = config.LoadDaemon(f.configFile)
	} else {
		cfg, err = config.ParseDaemon(tomlcheck.Source{Name: "(defaults)"})
	}
	if err != nil {
		return nil, err
	}
	if f.set["web.listen-address"] || f.configFile == "" {
		cfg.ListenAddress = f.listenAddress
	}
	if f.set["storage.path"] || f.configFile == "" {
		cfg.StoragePath = f.storagePath
	}
	return cfg, nil
}
