package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/jalonhq/jalon/internal/config"
)

// flags are the command line, in Prometheus' style. A flag given explicitly
// wins over the configuration file, which wins over the default.
type flags struct {
	configFile    string
	webConfigFile string
	listenAddress string
	storagePath   string
	logLevel      string
	logFormat     string
	noSync        bool
	// noPublishedRecord starts a new store empty rather than with the
	// published record (published.go).
	noPublishedRecord bool
	version           bool // print the version and exit
	limits            webLimits
	set               map[string]bool
}

func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	f := &flags{set: map[string]bool{}}
	fs := flag.NewFlagSet("jalond", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.configFile, "config.file", "", "Jalon configuration file (TOML); without it, defaults and the embedded roadmap catalog.")
	fs.StringVar(&f.webConfigFile, "web.config.file", "", "Web configuration file (YAML) of the Prometheus exporter-toolkit: TLS and basic-auth users.")
	fs.StringVar(&f.listenAddress, "web.listen-address", config.DefaultListenAddress, "Address to listen on for the API, /metrics and the web pages.")
	fs.StringVar(&f.storagePath, "storage.path", config.DefaultStoragePath, "Directory of the bbolt data file; with [storage] backend = \"etcd\", of the local copy rebuilt at each start.")
	fs.BoolVar(&f.noSync, "storage.no-sync", false, "Do not fsync commits. For benchmarks only: a crash may lose acknowledged writes.")
	fs.BoolVar(&f.noPublishedRecord, "storage.no-published-record", false, "Start a new store empty, without the roadmap's published figures (docs/published.md).")
	f.limits.register(fs)
	fs.StringVar(&f.logLevel, "log.level", "info", "Log level: debug, info, warn, error.")
	fs.StringVar(&f.logFormat, "log.format", "logfmt", "Log format: logfmt or json.")
	fs.BoolVar(&f.version, "version", false, "Print the version and build information, and exit.")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q: jalond takes flags only", fs.Args())
	}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	if err := f.limits.check(); err != nil {
		return nil, err
	}
	return f, nil
}

func newLogger(level, format string, w io.Writer) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log.level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(format) {
	case "logfmt":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log.format %q: want logfmt or json", format)
}
