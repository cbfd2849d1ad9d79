package seeds

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// publishedCSV is the published record of the roadmap: every figure public
// sources gave for its quantified targets, with its source and publication
// date (docs/published.md says how they were found and read). jalond loads
// it into a new store.
//
//go:embed published.csv
var publishedCSV []byte

// Figure is one published figure.
type Figure struct {
	Line      int // in published.csv, for messages
	Indicator string
	Labels    map[string]string
	Start     time.Time // zero unless the figure counts a period
	Time      time.Time
	Value     float64
	Qualifier string // at_least, at_most, about or ""
	Source    string
	SourceURL string
	Published time.Time // the day the figure was made public
}

// publishedColumns are published.csv's columns, in order.
var publishedColumns = []string{"indicator", "labels", "start", "time", "value", "qualifier", "source", "source_url", "published", "notes"}

// Published returns the figures of the published record, in file order.
// The file is compiled in and checked by TestPublishedFigures, so an error
// here is a broken build rather than a condition to handle.
func Published() ([]Figure, error) {
	rows, err := csv.NewReader(bytes.NewReader(publishedCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("published.csv: %w", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(publishedColumns, ",") {
		return nil, fmt.Errorf("published.csv: header is not %s", strings.Join(publishedColumns, ","))
	}
	out := make([]Figure, 0, len(rows)-1)
	for i, r := range rows[1:] {
		f, err := figureOf(r)
		if err != nil {
			return nil, fmt.Errorf("published.csv line %d: %w", i+2, err)
		}
		f.Line = i + 2
		out = append(out, f)
	}
	return out, nil
}

func figureOf(r []string) (Figure, error) {
	f := Figure{Indicator: r[0], Qualifier: r[5], Source: r[6], SourceURL: r[7]}
	var err error
	if f.Labels, err = labelsOf(r[1]); err != nil {
		return f, err
	}
	for _, d := range []struct {
		name, s  string
		dst      *time.Time
		optional bool
	}{{"start", r[2], &f.Start, true}, {"time", r[3], &f.Time, false}, {"published", r[8], &f.Published, false}} {
		if d.s == "" && d.optional {
			continue
		}
		if *d.dst, err = time.Parse(time.DateOnly, d.s); err != nil {
			return f, fmt.Errorf("%s: %q is not a YYYY-MM-DD date", d.name, d.s)
		}
	}
	if f.Value, err = strconv.ParseFloat(r[4], 64); err != nil {
		return f, fmt.Errorf("value: %q is not a number", r[4])
	}
	return f, nil
}

// labelsOf reads "region=84;department=69".
func labelsOf(s string) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	m := map[string]string{}
	for _, pair := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(pair, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("labels: %q is not name=value", pair)
		}
		m[name] = value
	}
	return m, nil
}
