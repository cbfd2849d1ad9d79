package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// Defaults of the daemon configuration, documented in docs/configuration.md.
const (
	// DefaultListenAddress uses port 9721, marked free in the Prometheus
	// default port allocation list (exporters' range 9100-9999) when Jalon
	// took it.
	DefaultListenAddress      = ":9721"
	DefaultStoragePath        = "data"
	DefaultTimezone           = "Europe/Paris"
	DefaultEvaluationInterval = time.Minute
	// MinEvaluationInterval bounds how often every series is evaluated
	// again: a shorter interval would spend the machine on evaluations
	// whose result cannot have changed, measurements arriving by the day.
	MinEvaluationInterval = time.Second
)

// Daemon is jalond's validated configuration. Relative paths written in the
// file are resolved against the file's directory.
type Daemon struct {
	ListenAddress string  // host:port of the HTTP server
	StoragePath   string  // directory of the data files
	Storage       Storage // the [storage] table; storage.go
	// CatalogFiles are loaded after the embedded catalog (unless
	// EmbeddedCatalog is false), each overriding the ones before it.
	CatalogFiles    []string
	EmbeddedCatalog bool
	Timezone        *time.Location  // for calendar schedules and display
	Language        indicators.Lang // of reports when a request names none
	// EvaluationInterval is how often every series is evaluated again.
	EvaluationInterval time.Duration
	Tokens             []Token
	WebUsers           []WebUser // the [[web_user]] tables: scopes of basic-auth users
	OIDC               OIDC      // the [oidc] table: the pages' login; oidc.go
	Pullers            []Puller
	Alerting           Alerting    // the [alerting] table; docs/alerting.md
	Notifiers          []Notifier  // the [[notifier]] tables
	RemoteWrite        RemoteWrite // the [remote_write] table; remote_write.go
}

// daemonFile mirrors the daemon configuration file. A later section such as
// [[puller]] or [alerting] adds a field here and in Daemon, and its check in a
// file of its own; its unknown keys are then reported like all others.
type daemonFile struct {
	ListenAddress      value           `toml:"listen_address"`
	TLS                tlsFile         `toml:"tls"`
	StoragePath        value           `toml:"storage_path"`
	Storage            storageFile     `toml:"storage"`
	CatalogFiles       value           `toml:"catalog_files"`
	EmbeddedCatalog    value           `toml:"embedded_catalog"`
	Timezone           value           `toml:"timezone"`
	Language           value           `toml:"language"`
	EvaluationInterval value           `toml:"evaluation_interval"`
	Token              []tokenFile     `toml:"token"`
	WebUser            []webUserFile   `toml:"web_user"`
	OIDC               oidcFile        `toml:"oidc"`
	Puller             []pullerFile    `toml:"puller"`
	Alerting           alertingFile    `toml:"alerting"`
	Notifier           []notifierFile  `toml:"notifier"`
	RemoteWrite        remoteWriteFile `toml:"remote_write"`
}

// ParseDaemon reads a daemon configuration file. The error, if any, is
// Problems listing every problem of the file. An empty source gives the
// defaults.
func ParseDaemon(src tomlcheck.Source) (*Daemon, error) {
	d, probs := ParseDaemonPartial(src)
	if len(probs) > 0 {
		return nil, probs
	}
	return d, nil
}

// ParseDaemonPartial is ParseDaemon for a check that goes on past the
// file's problems (Validate): beside them it returns what could be read,
// each key in error left at its default or zero value. The Daemon is nil
// only when the file cannot be read as a daemon configuration at all (TOML
// syntax, a catalog file).
func ParseDaemonPartial(src tomlcheck.Source) (*Daemon, tomlcheck.Problems) {
	var f daemonFile
	tc, probs := tomlcheck.Decode(src, &f)
	if tc == nil {
		return nil, probs
	}
	c := &checker{tc}
	if p, ok := c.OtherKind(tomlcheck.TopLevelKeys(reflect.TypeFor[daemonFile]()), catalogfile.Keys(),
		"this looks like a catalog file, not a daemon configuration: check it with jalonctl catalog check, load it with catalog_files"); ok {
		return nil, tomlcheck.Problems{p}
	}
	dir := filepath.Dir(src.Name)
	d := &Daemon{
		ListenAddress:      c.listenAddress("listen_address", f.ListenAddress),
		StoragePath:        c.path("storage_path", f.StoragePath, DefaultStoragePath, dir),
		Storage:            c.storage(f.Storage, dir),
		CatalogFiles:       c.catalogFiles("catalog_files", f.CatalogFiles, dir),
		EmbeddedCatalog:    c.Boolean("embedded_catalog", f.EmbeddedCatalog, true),
		Timezone:           c.timezone("timezone", f.Timezone),
		Language:           c.language("language", f.Language),
		EvaluationInterval: c.evaluationInterval("evaluation_interval", f.EvaluationInterval),
		Tokens:             c.tokens(f.Token),
		WebUsers:           c.webUsers(f.WebUser),
		OIDC:               c.oidc(f.OIDC, dir),
		Pullers:            c.pullers(f.Puller, f.Timezone, dir),
		Alerting:           c.alerting(f.Alerting),
		Notifiers:          c.notifiers(f.Notifier, dir),
		RemoteWrite:        c.remoteWrite(f.RemoteWrite, dir),
	}
	c.tlsMoved(f.TLS, dir)
	probs = c.Problems()
	slices.SortStableFunc(probs, func(a, b tomlcheck.Problem) int { return a.Line - b.Line })
	return d, probs
}

// LoadDaemon reads the daemon configuration file at path.
func LoadDaemon(path string) (*Daemon, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config %s: %w", path, err)
	}
	return ParseDaemon(tomlcheck.Source{Name: path, Data: data})
}
