// Package ingest is the one path by which measurements enter Jalon, whether
// pushed over HTTP or pulled on a schedule: it checks candidate
// measurements against the catalog in force, writes an accepted batch
// atomically and durably, and tells the evaluator what changed.
package ingest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/territory"
)

// Limits on what a measurement may carry.
const (
	MaxLabelValue = 128
	MaxSource     = 256
	// MaxFuture allows a measurement dated a little ahead of the server's
	// clock (period ends, time zones) but not a typo in the year.
	MaxFuture = 48 * time.Hour
)

// MinTime is the earliest date a measurement may refer to.
var MinTime = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Item is a candidate measurement, with where it came from so that a
// problem can be traced back to it: "item 3", "line 7", "row 12".
type Item struct {
	Where     string
	Indicator string
	Labels    map[string]string
	Time      time.Time
	Value     float64
	Source    string
	Published // start, qualifier, source URL: published.go
}

// Problem is what is wrong with one item.
type Problem struct {
	Where, Msg string
}

func (p Problem) String() string { return p.Where + ": " + p.Msg }

// Checker checks items against one catalog. Build one per catalog in force;
// it is safe for concurrent use.
type Checker struct {
	byID  map[string]*indicators.Indicator
	codes *territory.Codes
}

// NewChecker indexes c.
func NewChecker(c *indicators.Catalog, codes *territory.Codes) *Checker {
	return &Checker{byID: c.IndicatorsByID(), codes: codes}
}

// Check turns items into measurements, or lists every bad item, in order.
// Two items with the same indicator, labels and time are refused: within
// one batch that is a mistake, not a revision.
func (k *Checker) Check(items []Item, now time.Time) ([]indicators.Measurement, []Problem) {
	var bad []Problem
	ms := make([]indicators.Measurement, 0, len(items))
	var seen map[string]string // a single push, the most frequent, has no duplicate
	if len(items) > 1 {
		seen = make(map[string]string, len(items))
	}
	var key []byte
	for _, it := range items {
		m, err := k.item(it, now)
		if err != nil {
			bad = append(bad, Problem{it.Where, err.Error()})
			continue
		}
		if seen != nil {
			key = append(append(key[:0], m.Indicator...), m.Labels.String()...)
			key = strconv.AppendInt(append(key, 0), m.Time.UnixNano(), 10)
			if first, dup := seen[string(key)]; dup {
				bad = append(bad, Problem{it.Where, "same indicator, labels and time as " + first})
				continue
			}
			seen[string(key)] = it.Where
		}
		ms = append(ms, m)
	}
	return ms, bad
}

func (k *Checker) item(it Item, now time.Time) (indicators.Measurement, error) {
	var m indicators.Measurement
	ind, ok := k.byID[it.Indicator]
	if !ok {
		if it.Indicator == "" {
			return m, fmt.Errorf("indicator: missing")
		}
		return m, fmt.Errorf("indicator: %q is not in the catalog", it.Indicator)
	}
	switch {
	case it.Time.Before(MinTime):
		return m, fmt.Errorf("time: %s is before %s", it.Time.Format(time.RFC3339), MinTime.Format(time.DateOnly))
	case it.Time.After(now.Add(MaxFuture)):
		return m, fmt.Errorf("time: %s is more than %s in the future", it.Time.Format(time.RFC3339), MaxFuture)
	}
	if err := indicators.ValidateValue(ind, it.Value); err != nil {
		return m, fmt.Errorf("value: %w", err)
	}
	labels, err := k.labels(ind, it.Labels)
	if err != nil {
		return m, err
	}
	if len(it.Source) > MaxSource || !printable(it.Source) {
		return m, fmt.Errorf("source: want printable text of at most %d bytes", MaxSource)
	}
	m = indicators.Measurement{Indicator: ind.ID, Labels: labels, Time: it.Time, Value: it.Value, Source: it.Source}
	return m, it.Published.check(ind, &m)
}

func (k *Checker) labels(ind *indicators.Indicator, in map[string]string) (indicators.Labels, error) {
	for name, value := range in {
		if !slices.Contains(ind.Dimensions, name) {
			if len(ind.Dimensions) == 0 {
				return nil, fmt.Errorf("labels.%s: %s takes no labels", name, ind.ID)
			}
			return nil, fmt.Errorf("labels.%s: not a dimension of %s (allowed: %s)", name, ind.ID, strings.Join(ind.Dimensions, ", "))
		}
		if value == "" || len(value) > MaxLabelValue || !printable(value) || strings.ContainsAny(value, `"\`) {
			return nil, fmt.Errorf("labels.%s: %q: want 1 to %d printable characters without quotes or backslashes", name, value, MaxLabelValue)
		}
		if err := k.codes.Check(name, value); err != nil {
			return nil, fmt.Errorf("labels.%s: %w", name, err)
		}
	}
	if r, d := in["region"], in["department"]; r != "" && d != "" {
		if err := k.codes.CheckNesting(r, d); err != nil {
			return nil, fmt.Errorf("labels.department: %w", err)
		}
	}
	return indicators.NewLabels(in), nil
}

// printable is indicators.CheckText's rule, the one for every text that
// enters Jalon.
func printable(s string) bool { return indicators.CheckText(s) == nil }
