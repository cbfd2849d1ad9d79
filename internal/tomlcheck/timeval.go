package tomlcheck

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// DateLayout is the only date form the files accept: ISO 8601 YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Date returns the date at path, written "YYYY-MM-DD" as a string or as a
// TOML local date, as midnight UTC.
func (c *Checker) Date(path string, v Value) (time.Time, bool) {
	switch d := v.Raw.(type) {
	case string:
		t, err := time.Parse(DateLayout, d)
		if err == nil && len(d) == len(DateLayout) {
			return t, true
		}
		c.Errorf(path, "%q is not a date (YYYY-MM-DD)", d)
	case time.Time:
		if d.Location().String() == "date-local" {
			return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), true
		}
		c.Errorf(path, "must be a date (YYYY-MM-DD), not a date-time")
	default:
		c.TypeErrorf(path, "must be a date (YYYY-MM-DD), not %s", TypeName(v.Raw))
	}
	return time.Time{}, false
}

// Duration returns the positive duration at path, or def if it is not set.
func (c *Checker) Duration(path string, v Value, def time.Duration) time.Duration {
	if !v.Set {
		return def
	}
	s, ok := v.Raw.(string)
	if !ok {
		c.TypeErrorf(path, "must be a duration string such as \"90d\", not %s", TypeName(v.Raw))
		return def
	}
	d, err := ParseDuration(s)
	switch {
	case IsNegativeDuration(s) || err == nil && d <= 0:
		c.Errorf(path, "%q must be positive", s)
	case err != nil:
		c.Errorf(path, NotDuration, s)
	default:
		return d
	}
	return def
}

// NotDuration is the problem of a string that is not a duration.
const NotDuration = "%q is not a duration (Go units such as \"36h\" plus d and w: \"90d\", \"2w\")"

// IsNegativeDuration reports whether s is a duration with a minus sign.
func IsNegativeDuration(s string) bool {
	rest, ok := strings.CutPrefix(s, "-")
	_, err := ParseDuration(rest)
	return ok && err == nil
}

// ParseDuration reads a Go duration whose units may also be d (24h) and
// w (7d), as in "90d" or "1w2d12h". Signs are not accepted.
func ParseDuration(s string) (time.Duration, error) {
	errBad := errors.New("invalid duration " + strconv.Quote(s))
	if s == "" {
		return 0, errBad
	}
	var total time.Duration
	for s != "" {
		num, unit, rest := durationTerm(s)
		if num == "" || unit == "" {
			return 0, errBad
		}
		d, err := termDuration(num, unit)
		if err != nil || total > math.MaxInt64-d {
			return 0, errBad
		}
		total += d
		s = rest
	}
	return total, nil
}

// durationTerm splits "90d12h" into "90", "d" and "12h".
func durationTerm(s string) (num, unit, rest string) {
	isNum := func(c byte) bool { return c >= '0' && c <= '9' || c == '.' }
	i := 0
	for i < len(s) && isNum(s[i]) {
		i++
	}
	j := i
	for j < len(s) && !isNum(s[j]) {
		j++
	}
	return s[:i], s[i:j], s[j:]
}

// termDuration converts one term; d and w go through a float, exact for
// any duration written with a few decimals.
func termDuration(num, unit string) (time.Duration, error) {
	if unit != "d" && unit != "w" {
		return time.ParseDuration(num + unit)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, err
	}
	if unit == "w" {
		f *= 7
	}
	ns := math.Round(f * float64(24*time.Hour))
	if ns >= math.MaxInt64 {
		return 0, errors.New("duration out of range")
	}
	return time.Duration(ns), nil
}
