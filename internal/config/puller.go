package config

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/robfig/cron/v3"
)

// The puller types.
const (
	PullerCSV        = "csv"
	PullerJSON       = "json"
	PullerPrometheus = "prometheus"
	PullerFile       = "file"
)

// Defaults of a puller, documented in docs/pullers.md.
const (
	DefaultPullerTimeout = time.Minute
	DefaultPullerRetries = 3
	DefaultPullerBackoff = time.Second
	// MaxPullerRetries keeps a broken source from holding a run for hours.
	MaxPullerRetries = 10
	// MaxSourceText is the longest source a puller may record on its
	// points, the push API's limit.
	MaxSourceText = 256
)

// Puller is one validated [[puller]] entry: where to fetch measurements, on
// which schedule, and how to map what comes back onto the catalog.
// Exactly one of CSV, JSON and Prometheus is set, by Type (a file puller
// has File and one of CSV and JSON).
type Puller struct {
	Name     string
	Type     string
	Schedule string         // a valid cron.ParseStandard expression
	Timezone *time.Location // of Schedule; the daemon's time zone by default
	// Timeout bounds each HTTP attempt: the request and reading its body.
	Timeout time.Duration
	Retries int           // extra attempts after a transient fault
	Backoff time.Duration // wait before the first retry, doubled at each one
	// Indicator is the indicator of every point, or "" when a column
	// (CSV.IndicatorColumn) or a path (JSON.Indicator) gives it per point.
	Indicator string
	Labels    map[string]string // fixed labels of every point
	Source    string            // recorded on every point
	URL       string            // http, https or file URL; empty for type file
	// Headers are sent with every request. Values are kept as written:
	// their ${NAME} and ${file:PATH} references are resolved by the
	// collector at each run, so no secret is held in the configuration.
	Headers         map[string]string
	SkipInvalidRows bool

	CSV        *CSV
	JSON       *JSON
	Prometheus *Prometheus
	File       *FileSource

	// Pos locates the entry in its file, for problems found later, when
	// the catalog is known.
	Pos Pos `json:"-"`
}

// Pos is where an entry such as a puller is written: its file and the line
// of each of its keys, by path below the entry ("indicator",
// "csv.label_columns.region").
type Pos struct {
	File  string
	Line  int // of the entry's header, such as [[puller]]
	Lines map[string]int
}

// problem returns a problem about key, a path below the entry whose own
// key is entry, on the line of that key or of the nearest enclosing one
// written in the file.
func (p Pos) problem(entry, key, msg string) tomlcheck.Problem {
	line := p.Line
	for k := key; k != ""; k = tomlcheck.ParentPath(k) {
		if l, ok := p.Lines[k]; ok {
			line = l
			break
		}
	}
	return tomlcheck.Problem{File: p.File, Line: line, Key: tomlcheck.KeyOf(tomlcheck.JoinPath(entry, key)), Msg: msg}
}

type pullerFile struct {
	Name            value           `toml:"name"`
	Type            value           `toml:"type"`
	Schedule        value           `toml:"schedule"`
	Timezone        value           `toml:"timezone"`
	Timeout         value           `toml:"timeout"`
	Retries         value           `toml:"retries"`
	Backoff         value           `toml:"backoff"`
	Indicator       value           `toml:"indicator"`
	Labels          value           `toml:"labels"`
	Source          value           `toml:"source"`
	URL             value           `toml:"url"`
	Headers         value           `toml:"headers"`
	SkipInvalidRows value           `toml:"skip_invalid_rows"`
	CSV             *csvFile        `toml:"csv"`
	JSON            *jsonFile       `toml:"json"`
	Prometheus      *prometheusFile `toml:"prometheus"`
	File            *fileSourceFile `toml:"file"`
}

// pullers reads the [[puller]] tables. daemonTZ is the file's timezone key,
// the default of each puller's; a problem with it is reported once, by
// ParseDaemon.
func (c *checker) pullers(fs []pullerFile, daemonTZ value, dir string) []Puller {
	tz := pullerDefaultTZ(daemonTZ)
	var out []Puller
	names := map[string]string{}
	for i, f := range fs {
		p := fmt.Sprintf("puller[%d]", i)
		pl := c.puller(p, f, tz, dir)
		if first, dup := names[pl.Name]; dup && pl.Name != "" {
			c.Errorf(p+".name", "duplicate puller name %q (first at line %d)", pl.Name, c.Line(first))
		}
		names[pl.Name] = p + ".name"
		out = append(out, pl)
	}
	return out
}

func (c *checker) puller(p string, f pullerFile, tz *time.Location, dir string) Puller {
	pl := Puller{
		Name:            c.pullerName(p+".name", f.Name),
		Type:            c.pullerType(p+".type", f.Type),
		Schedule:        c.pullerSchedule(p+".schedule", f.Schedule),
		Timezone:        tz,
		Timeout:         c.Duration(p+".timeout", f.Timeout, DefaultPullerTimeout),
		Retries:         c.pullerCount(p+".retries", f.Retries, DefaultPullerRetries, MaxPullerRetries),
		Backoff:         c.Duration(p+".backoff", f.Backoff, DefaultPullerBackoff),
		Labels:          c.pullerLabels(p+".labels", f.Labels, "label value"),
		Headers:         c.pullerHeaders(p+".headers", f.Headers, dir),
		SkipInvalidRows: c.Boolean(p+".skip_invalid_rows", f.SkipInvalidRows, false),
		Pos:             c.pos(p),
	}
	if f.Timezone.Set {
		pl.Timezone = c.timezone(p+".timezone", f.Timezone)
	}
	if f.Indicator.Set {
		pl.Indicator = c.SnakeID(p+".indicator", f.Indicator)
	}
	pl.Source = c.pullerSource(p+".source", f.Source, "puller:"+pl.Name)
	c.pullerTables(p, f, &pl, dir)
	return pl
}

// pullerDefaultTZ is the daemon's time zone, or the default one if it is
// not set or not valid.
func pullerDefaultTZ(v value) *time.Location {
	name, ok := v.Raw.(string)
	if !v.Set || !ok {
		name = DefaultTimezone
	}
	if loc, err := time.LoadLocation(name); err == nil && name != "" {
		return loc
	}
	loc, _ := time.LoadLocation(DefaultTimezone)
	return loc
}

// pullerName reads a name fit for a metric label, a URL path segment and a
// store key.
func (c *checker) pullerName(path string, v value) string {
	name := c.Text(path, v)
	ok := len(name) <= 64
	for i, r := range name {
		ok = ok && (r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) || i > 0 && strings.ContainsRune("_.-", r))
	}
	if name != "" && !ok {
		c.Errorf(path, "%q is not a puller name: 1 to 64 ASCII letters, digits, '_', '.' or '-', starting with a letter or digit", name)
		return ""
	}
	return name
}

func (c *checker) pullerType(path string, v value) string {
	t := c.Text(path, v)
	switch t {
	case "", PullerCSV, PullerJSON, PullerPrometheus, PullerFile:
		return t
	}
	c.Errorf(path, "unknown puller type %q (one of csv, json, prometheus, file)", t)
	return ""
}

// pullerSchedule reads a cron expression of five fields or a descriptor. The time
// zone comes from the timezone key, not from a CRON_TZ= prefix.
func (c *checker) pullerSchedule(path string, v value) string {
	s := c.Text(path, v)
	if s == "" {
		return ""
	}
	if strings.HasPrefix(s, "CRON_TZ=") || strings.HasPrefix(s, "TZ=") {
		c.Errorf(path, "%q: set the time zone with the timezone key, not in the schedule", s)
		return ""
	}
	if _, err := cron.ParseStandard(s); err != nil {
		c.Errorf(path, "%q is not a cron schedule (5 fields such as \"0 6 * * *\", or @daily, @every 1h): %v", s, err)
		return ""
	}
	return s
}

// pullerCount reads an integer from 0 to max, or def if it is not set.
func (c *checker) pullerCount(path string, v value, def, max int) int {
	if !v.Set {
		return def
	}
	n, ok := v.Raw.(int64)
	if !ok || n < 0 || n > int64(max) {
		c.TypeErrorf(path, "must be an integer from 0 to %d", max)
		return def
	}
	return int(n)
}

func (c *checker) pullerSource(path string, v value, def string) string {
	s := c.Str(path, v, def)
	if len(s) > MaxSourceText || strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		c.Errorf(path, "want printable text of at most %d bytes", MaxSourceText)
	}
	return s
}

// pos returns where the entry at path p ([[puller]], [[alerting.override]])
// and each of its keys are written.
func (c *checker) pos(p string) Pos {
	return Pos{File: c.File(), Line: c.Line(p), Lines: c.KeyLines(p)}
}
