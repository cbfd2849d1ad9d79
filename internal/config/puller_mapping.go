package config

import (
	"maps"
	"slices"
	"strings"
)

// The time formats a puller reads besides Go layouts. Periods are dated by
// their last day, as the catalog's deadlines are ("end 2023" is
// 2023-12-31), unless PeriodDate is "start".
const (
	TimeYear    = "YYYY"    // 2024
	TimeMonth   = "YYYY-MM" // 2024-03
	TimeQuarter = "YYYY-Qn" // 2024-Q1, also 2024Q1 and 2024-T1 (trimestre)
	TimeUnix    = "unix"    // seconds since 1970-01-01 UTC
)

// DefaultSkipValues are the cells that mean "no value" in French open data:
// empty, a dash, NS (non significatif), ND (non disponible), NC (non
// communiqué).
func DefaultSkipValues() []string { return []string{"", "-", "NS", "ND", "NC"} }

// DefaultMaxPages caps how many pages one run of a paginated JSON puller
// fetches.
const DefaultMaxPages = 100

// Format says how the text of times and values is read, in CSV cells and
// JSON strings alike.
type Format struct {
	// TimeFormat is "" (a date 2006-01-02 or an RFC 3339 time), one of
	// TimeYear, TimeMonth, TimeQuarter, TimeUnix, or a Go layout.
	TimeFormat   string
	PeriodDate   string // "end" (default) or "start" of a YYYY, YYYY-MM or YYYY-Qn period
	DecimalComma bool   // 12,5 is twelve and a half
	SkipValues   []string
}

// CSV maps the columns of a CSV file onto points.
type CSV struct {
	Format
	Delimiter       byte // ';' by default
	TimeColumn      string
	ValueColumn     string
	IndicatorColumn string            // "" when the puller's indicator is fixed
	LabelColumns    map[string]string // label → column
	// GroupBy and Aggregate combine the rows of one group into one point.
	// GroupBy defaults to the label columns; the time and indicator columns
	// always split groups.
	GroupBy   []string
	Aggregate string // "", "sum", "max" or "last"
	Published        // columns of start, qualifier, source URL
}

// JSON maps a JSON body onto points with gjson paths.
type JSON struct {
	Format
	Items     string            // path of the items; "" for the root
	Points    string            // path, within an item, of its series of points
	Indicator string            // path of the indicator id, "" when fixed
	Time      string            // path, within the point (or item), of its time
	Value     string            // path of its value
	Labels    map[string]string // label → path within the item
	// Pagination: a path to the next page's URL, or an offset query
	// parameter stepped by Limit, until a short page or Total is reached.
	Next       string
	Offset     string
	Limit      int
	LimitParam string
	Total      string
	MaxPages   int
	Published  // paths of start, qualifier, source URL
}

type formatFile struct {
	TimeFormat   value `toml:"time_format"`
	PeriodDate   value `toml:"period_date"`
	DecimalComma value `toml:"decimal_comma"`
	SkipValues   value `toml:"skip_values"`
}

type csvFile struct {
	formatFile
	publishedCSVFile
	Delimiter       value `toml:"delimiter"`
	TimeColumn      value `toml:"time_column"`
	ValueColumn     value `toml:"value_column"`
	IndicatorColumn value `toml:"indicator_column"`
	LabelColumns    value `toml:"label_columns"`
	GroupBy         value `toml:"group_by"`
	Aggregate       value `toml:"aggregate"`
}

type jsonFile struct {
	formatFile
	publishedJSONFile
	Items      value `toml:"items"`
	Points     value `toml:"points"`
	Indicator  value `toml:"indicator"`
	Time       value `toml:"time"`
	Value      value `toml:"value"`
	Labels     value `toml:"labels"`
	Next       value `toml:"next"`
	Offset     value `toml:"offset"`
	Limit      value `toml:"limit"`
	LimitParam value `toml:"limit_param"`
	Total      value `toml:"total"`
	MaxPages   value `toml:"max_pages"`
}

func (c *checker) pullerFormat(p string, f formatFile) Format {
	fm := Format{
		TimeFormat:   c.pullerTimeFormat(p+".time_format", f.TimeFormat),
		PeriodDate:   c.Str(p+".period_date", f.PeriodDate, "end"),
		DecimalComma: c.Boolean(p+".decimal_comma", f.DecimalComma, false),
		SkipValues:   c.Strings(p+".skip_values", f.SkipValues),
	}
	if fm.PeriodDate != "end" && fm.PeriodDate != "start" {
		c.Errorf(p+".period_date", `must be "end" or "start", not %q`, fm.PeriodDate)
	}
	if !f.SkipValues.Set {
		fm.SkipValues = DefaultSkipValues()
	}
	return fm
}

// pullerTimeFormat accepts the named formats and Go layouts that hold a year.
func (c *checker) pullerTimeFormat(path string, v value) string {
	s := c.Str(path, v, "")
	switch {
	case s == "", s == TimeYear, s == TimeMonth, s == TimeQuarter, s == TimeUnix:
	case strings.Contains(s, "06"):
		// A Go layout: "2006" or "06" is its year.
	default:
		c.Errorf(path, "%q is not a time format: YYYY, YYYY-MM, YYYY-Qn, unix, or a Go layout such as \"02/01/2006\"", s)
	}
	return s
}

func (c *checker) pullerCSV(p string, f csvFile) *CSV {
	out := &CSV{
		Format:          c.pullerFormat(p, f.formatFile),
		Delimiter:       c.csvDelimiter(p+".delimiter", f.Delimiter),
		TimeColumn:      c.Text(p+".time_column", f.TimeColumn),
		ValueColumn:     c.Text(p+".value_column", f.ValueColumn),
		IndicatorColumn: c.Str(p+".indicator_column", f.IndicatorColumn, ""),
		LabelColumns:    c.pullerLabels(p+".label_columns", f.LabelColumns, "column name"),
		GroupBy:         c.Strings(p+".group_by", f.GroupBy),
		Aggregate:       c.Str(p+".aggregate", f.Aggregate, ""),
		Published:       c.publishedCSV(p, f.publishedCSVFile),
	}
	switch {
	case !slices.Contains([]string{"", "sum", "max", "last"}, out.Aggregate):
		c.Errorf(p+".aggregate", `must be "sum", "max" or "last", not %q`, out.Aggregate)
	case f.GroupBy.Set && out.Aggregate == "":
		c.Errorf(p+".group_by", "needs aggregate: how to combine the rows of a group")
	}
	for _, label := range slices.Sorted(maps.Keys(out.LabelColumns)) {
		col := out.LabelColumns[label]
		if f.GroupBy.Set && !slices.Contains(out.GroupBy, col) {
			c.Errorf(p+".group_by", "must list %q, the column of label %s: its value would vary within a group", col, label)
		}
	}
	return out
}

// csvDelimiter reads one ASCII character other than a quote or a line break.
func (c *checker) csvDelimiter(path string, v value) byte {
	s := c.Str(path, v, ";")
	if len(s) != 1 || s[0] >= 0x80 || strings.ContainsAny(s, "\"\r\n") {
		c.Errorf(path, "%q: want one ASCII character other than a quote or line break, such as \";\", \",\" or \"\\t\"", s)
		return ';'
	}
	return s[0]
}

func (c *checker) pullerJSON(p string, f jsonFile) *JSON {
	out := &JSON{
		Format:     c.pullerFormat(p, f.formatFile),
		Items:      c.Str(p+".items", f.Items, ""),
		Points:     c.Str(p+".points", f.Points, ""),
		Indicator:  c.Str(p+".indicator", f.Indicator, ""),
		Time:       c.Text(p+".time", f.Time),
		Value:      c.Text(p+".value", f.Value),
		Labels:     c.pullerLabels(p+".labels", f.Labels, "path of the label value"),
		Next:       c.Str(p+".next", f.Next, ""),
		Offset:     c.Str(p+".offset", f.Offset, ""),
		Limit:      c.pullerCount(p+".limit", f.Limit, 0, 10000),
		LimitParam: c.Str(p+".limit_param", f.LimitParam, "limit"),
		Total:      c.Str(p+".total", f.Total, ""),
		MaxPages:   c.pullerCount(p+".max_pages", f.MaxPages, DefaultMaxPages, 100000),
		Published:  c.publishedJSON(p, f.publishedJSONFile),
	}
	switch {
	case out.Next != "" && out.Offset != "":
		c.Errorf(p+".offset", "paginate by next or by offset, not both")
	case out.Offset != "" && out.Limit == 0:
		c.Errorf(p+".limit", "required with offset: the page size, such as 100")
	case out.Offset == "" && (f.Limit.Set || f.Total.Set || f.LimitParam.Set):
		c.Errorf(p+".offset", "required with limit, limit_param and total: the offset query parameter, such as \"offset\"")
	case out.MaxPages == 0:
		c.Errorf(p+".max_pages", "must be at least 1")
	}
	return out
}
