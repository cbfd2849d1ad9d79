package config

import (
	"maps"
	"net/url"
	pathpkg "path"
	"slices"
	"strings"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

type prometheusFile struct {
	Query  value `toml:"query"`
	Labels value `toml:"labels"`
}

type fileSourceFile struct {
	Path value `toml:"path"`
	Glob value `toml:"glob"`
}

// Prometheus is a PromQL instant query whose series become points.
type Prometheus struct {
	Query string
	// Labels maps a label of the indicator to the metric label giving its
	// value.
	Labels map[string]string
}

// FileSource is a local file, or a directory whose files matching Glob are
// read once each, when they appear or change.
type FileSource struct {
	Path string
	Glob string // path.Match pattern of the names read in a directory; "" is "*"
}

// pullerTables reads the tables of the puller's type and checks that the
// others are absent, along with the keys whose use depends on the type.
func (c *checker) pullerTables(p string, f pullerFile, pl *Puller, dir string) {
	if f.CSV != nil {
		pl.CSV = c.pullerCSV(p+".csv", *f.CSV)
	}
	if f.JSON != nil {
		pl.JSON = c.pullerJSON(p+".json", *f.JSON)
	}
	if f.Prometheus != nil {
		pl.Prometheus = &Prometheus{Query: c.Text(p+".prometheus.query", f.Prometheus.Query),
			Labels: c.pullerLabels(p+".prometheus.labels", f.Prometheus.Labels, "metric label name")}
	}
	if f.File != nil {
		pl.File = &FileSource{Path: c.path(p+".file.path", f.File.Path, "", dir), Glob: c.pullerGlob(p+".file.glob", f.File.Glob)}
		c.Required(p+".file.path", f.File.Path)
	}
	present := map[string]bool{PullerCSV: f.CSV != nil, PullerJSON: f.JSON != nil, PullerPrometheus: f.Prometheus != nil, PullerFile: f.File != nil}
	want := map[string]bool{pl.Type: true}
	if pl.Type == PullerFile {
		want[PullerCSV], want[PullerJSON] = present[PullerCSV], present[PullerJSON]
		if present[PullerCSV] == present[PullerJSON] {
			c.Errorf(p, "a file puller needs exactly one of [puller.csv] and [puller.json], to read its files")
		}
	}
	for _, t := range []string{PullerCSV, PullerJSON, PullerPrometheus, PullerFile} {
		switch {
		case pl.Type == "":
		case present[t] && !want[t]:
			c.Errorf(p+"."+t, "not used by a %s puller", pl.Type)
		case !present[t] && want[t] && pl.Type == t:
			c.Errorf(p+"."+t, "required table missing: a %s puller needs [puller.%s]", t, t)
		}
	}
	c.pullerURL(p+".url", f.URL, pl)
	c.pullerIndicator(p, f, pl)
	c.labelClash(p, pl)
}

// labelClash refuses a label both fixed and mapped: one of the two values
// would be silently lost.
func (c *checker) labelClash(p string, pl *Puller) {
	for _, key := range pl.labelKeys() {
		name := key[strings.LastIndex(key, ".")+1:]
		if _, fixed := pl.Labels[name]; fixed && !strings.HasPrefix(key, "labels.") {
			c.Errorf(p+"."+key, "label %s is also fixed by the labels key: keep one", name)
		}
	}
}

// pullerURL reads the URL: http or https for a Prometheus server, also
// file for csv and json; none for a file puller, which has file.path.
func (c *checker) pullerURL(path string, v value, pl *Puller) {
	if pl.Type == PullerFile {
		if v.Set {
			c.Errorf(path, "not used by a file puller: set file.path")
		}
		return
	}
	if pl.Type == "" || !c.Required(path, v) {
		return
	}
	s := c.Str(path, v, "")
	u, err := url.Parse(s)
	schemes := []string{"http", "https", "file"}
	if pl.Type == PullerPrometheus {
		schemes = schemes[:2]
	}
	switch {
	case err != nil:
		c.Errorf(path, "%q is not a URL: %v", s, err)
	case !slices.Contains(schemes, u.Scheme):
		c.Errorf(path, "%q: want a URL whose scheme is one of %s", s, strings.Join(schemes, ", "))
	case u.Scheme == "file" && (u.Path == "" || u.Host != ""):
		c.Errorf(path, "%q: want file:///absolute/path", s)
	case u.Scheme != "file" && u.Host == "":
		c.Errorf(path, "%q has no host", s)
	case u.User != nil:
		c.Errorf(path, "%q holds credentials: send them with a header taken from the environment or a file", u.Redacted())
	default:
		pl.URL = s
	}
}

// pullerIndicator checks that one of the indicator key, a CSV indicator
// column and a JSON indicator path names the indicator of each point.
func (c *checker) pullerIndicator(p string, f pullerFile, pl *Puller) {
	var mapped string
	switch {
	case pl.CSV != nil && pl.CSV.IndicatorColumn != "":
		mapped = p + ".csv.indicator_column"
	case pl.JSON != nil && pl.JSON.Indicator != "":
		mapped = p + ".json.indicator"
	}
	switch {
	case f.Indicator.Set && mapped != "":
		c.Errorf(mapped, "the indicator key already names the indicator of every point")
	case pl.Type == PullerPrometheus && !f.Indicator.Set:
		c.Errorf(p+".indicator", "required key missing")
	case !f.Indicator.Set && mapped == "" && pl.Type != "" && pl.Type != PullerPrometheus:
		c.Errorf(p+".indicator", "required key missing (or name a column or path giving it)")
	}
}

// pullerLabels reads a table of label names to strings: fixed label values, or
// the column, path or metric label giving each.
func (c *checker) pullerLabels(path string, v value, what string) map[string]string {
	if !v.Set {
		return nil
	}
	m, ok := v.Raw.(map[string]any)
	if !ok {
		c.TypeErrorf(path, "must be a table of label names to strings, not %s", tomlcheck.TypeName(v.Raw))
		return nil
	}
	out := make(map[string]string, len(m))
	for _, name := range slices.Sorted(maps.Keys(m)) {
		raw := m[name]
		p := tomlcheck.JoinPath(path, name)
		s, isStr := raw.(string)
		switch {
		case !tomlcheck.IsName(name, true):
			c.Errorf(p, "%q is not a label name ([a-z_][a-z0-9_]*)", name)
		case !isStr || s == "":
			c.Errorf(p, "must be a non-empty string: the %s", what)
		default:
			out[name] = s
		}
	}
	return out
}

func (c *checker) pullerGlob(path string, v value) string {
	g := c.Str(path, v, "")
	if strings.Contains(g, "/") {
		c.Errorf(path, "%q: a pattern of file names, without '/'", g)
		return ""
	}
	if _, err := pathpkg.Match(g, ""); err != nil {
		c.Errorf(path, "%q is not a file name pattern: %v", g, err)
		return ""
	}
	return g
}
