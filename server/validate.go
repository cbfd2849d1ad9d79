package server

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/territory"
)

// Limits on what a measurement may carry.
const (
	maxLabelValue = 128
	maxSource     = 256
	// maxFuture allows a measurement dated a little ahead of the server's
	// clock (period ends, time zones) but not a typo in the year.
	maxFuture = 48 * time.Hour
)

// minTime is the earliest date a measurement may refer to.
var minTime = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// validator checks raw items against the catalog.
type validator struct {
	catalog *catalogIndex
	codes   *territory.Codes
}

// check turns raw items into measurements, or lists every bad item. Items
// that already failed decoding are skipped, their errors kept.
func (v *validator) check(items []rawItem, decodeErrs []itemError, now time.Time) ([]indicators.Measurement, []itemError) {
	bad := decodeErrs
	failed := make(map[string]bool, len(decodeErrs))
	for _, e := range decodeErrs {
		failed[e.Where] = true
	}
	ms := make([]indicators.Measurement, 0, len(items))
	seen := make(map[string]string, len(items))
	for _, it := range items {
		if failed[it.Where] {
			continue
		}
		m, err := v.item(it, now)
		if err != nil {
			bad = append(bad, itemError{it.Where, err.Error()})
			continue
		}
		key := m.Indicator + m.Labels.String() + m.Time.UTC().Format(time.RFC3339Nano)
		if first, dup := seen[key]; dup {
			bad = append(bad, itemError{it.Where, "same indicator, labels and time as " + first})
			continue
		}
		seen[key] = it.Where
		ms = append(ms, m)
	}
	return ms, bad
}

func (v *validator) item(it rawItem, now time.Time) (indicators.Measurement, error) {
	var m indicators.Measurement
	ind, ok := v.catalog.indicator(it.Indicator)
	if !ok {
		if it.Indicator == "" {
			return m, fmt.Errorf("indicator: missing")
		}
		return m, fmt.Errorf("indicator: %q is not in the catalog", it.Indicator)
	}
	t, err := v.parseTime(it.Time, now)
	if err != nil {
		return m, fmt.Errorf("time: %w", err)
	}
	if err := indicators.ValidateValue(ind, *it.Value); err != nil {
		return m, fmt.Errorf("value: %w", err)
	}
	labels, err := v.labels(ind, it.Labels)
	if err != nil {
		return m, err
	}
	if len(it.Source) > maxSource || !printable(it.Source) {
		return m, fmt.Errorf("source: want printable text of at most %d bytes", maxSource)
	}
	return indicators.Measurement{Indicator: ind.ID, Labels: labels, Time: t, Value: *it.Value, Source: it.Source}, nil
}

// parseTime accepts RFC 3339 times and plain dates. A plain date means
// midnight UTC, as the catalog's deadlines do, so that "2024-03-31" reads
// back as that day whatever the daemon's time zone.
func (v *validator) parseTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("missing")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time nor a YYYY-MM-DD date", s)
	}
	switch {
	case t.Before(minTime):
		return time.Time{}, fmt.Errorf("%s is before %s", s, minTime.Format(time.DateOnly))
	case t.After(now.Add(maxFuture)):
		return time.Time{}, fmt.Errorf("%s is more than %s in the future", s, maxFuture)
	}
	return t, nil
}

func (v *validator) labels(ind *indicators.Indicator, in map[string]string) (indicators.Labels, error) {
	for name, value := range in {
		if !allowed(ind.Dimensions, name) {
			if len(ind.Dimensions) == 0 {
				return nil, fmt.Errorf("labels.%s: %s takes no labels", name, ind.ID)
			}
			return nil, fmt.Errorf("labels.%s: not a dimension of %s (allowed: %s)", name, ind.ID, strings.Join(ind.Dimensions, ", "))
		}
		if value == "" || len(value) > maxLabelValue || !printable(value) || strings.ContainsAny(value, `"\`) {
			return nil, fmt.Errorf("labels.%s: %q: want 1 to %d printable characters without quotes or backslashes", name, value, maxLabelValue)
		}
		if err := v.codes.Check(name, value); err != nil {
			return nil, fmt.Errorf("labels.%s: %w", name, err)
		}
	}
	return indicators.NewLabels(in), nil
}

func allowed(dims []string, name string) bool {
	for _, d := range dims {
		if d == name {
			return true
		}
	}
	return false
}

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// catalogIndex finds indicators by id without scanning the catalog.
type catalogIndex struct {
	catalog    *indicators.Catalog
	indicators map[string]*indicators.Indicator
	objectives map[string]*indicators.Objective
}

func newCatalogIndex(c *indicators.Catalog) *catalogIndex {
	x := &catalogIndex{catalog: c, indicators: map[string]*indicators.Indicator{}, objectives: map[string]*indicators.Objective{}}
	for oi := range c.Objectives {
		o := &c.Objectives[oi]
		for ii := range o.Indicators {
			x.indicators[o.Indicators[ii].ID] = &o.Indicators[ii]
			x.objectives[o.Indicators[ii].ID] = o
		}
	}
	return x
}

func (x *catalogIndex) indicator(id string) (*indicators.Indicator, bool) {
	ind, ok := x.indicators[id]
	return ind, ok
}
