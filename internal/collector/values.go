package collector

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/config"
)

// timeReader reads the time of a point from text. It is used for every
// row, so the period formats are read from bytes without allocating.
type timeReader struct {
	format string
	start  bool // date periods by their first day rather than their last
	loc    *time.Location
	zone   bool // the Go layout carries a zone
}

func newTimeReader(f config.Format, loc *time.Location) timeReader {
	if loc == nil {
		loc = time.UTC
	}
	zone := strings.Contains(f.TimeFormat, "Z07") || strings.Contains(f.TimeFormat, "-07") || strings.Contains(f.TimeFormat, "MST")
	return timeReader{format: f.TimeFormat, start: f.PeriodDate == "start", loc: loc, zone: zone}
}

// read parses s. Periods and plain dates are UTC midnight, like every date
// in Jalon, so that a day reads back as that day in any time zone; a time
// of day without a zone is read in the puller's time zone.
func (r timeReader) read(s []byte) (time.Time, error) {
	switch r.format {
	case config.TimeYear:
		if y, ok := digits(s); ok && len(s) == 4 {
			return r.period(y, 1, 12), nil
		}
	case config.TimeMonth:
		if y, m, ok := yearMonth(s); ok {
			return r.period(y, m, m), nil
		}
	case config.TimeQuarter:
		if y, q, ok := yearQuarter(s); ok {
			return r.period(y, 3*q-2, 3*q), nil
		}
	case config.TimeUnix:
		if f, err := indicators.ParseDecimal(string(s), indicators.Decimal{}); err == nil {
			sec, frac := math.Modf(f)
			return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
		}
	case "":
		if t, err := time.Parse(time.DateOnly, string(s)); err == nil {
			return t, nil
		}
		if t, err := time.Parse(time.RFC3339, string(s)); err == nil {
			return t, nil
		}
	default:
		if t, err := time.ParseInLocation(r.format, string(s), r.loc); err == nil {
			return r.dateIfMidnight(t), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time in format %s", s, r.formatName())
}

func (r timeReader) formatName() string {
	if r.format == "" {
		return "2006-01-02 or RFC 3339"
	}
	return r.format
}

// period returns the first day of month first or the last day of month
// last.
func (r timeReader) period(year, first, last int) time.Time {
	if r.start {
		return time.Date(year, time.Month(first), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(year, time.Month(last)+1, 0, 0, 0, 0, 0, time.UTC)
}

func (r timeReader) dateIfMidnight(t time.Time) time.Time {
	if r.zone || t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// digits reads a non-empty decimal number of at most 9 digits.
func digits(s []byte) (int, bool) {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	return n, len(s) > 0 && len(s) <= 9
}

// yearMonth reads 2024-03 or 2024-3.
func yearMonth(s []byte) (int, int, bool) {
	if len(s) < 6 || s[4] != '-' {
		return 0, 0, false
	}
	y, okY := digits(s[:4])
	m, okM := digits(s[5:])
	return y, m, okY && okM && len(s) <= 7 && m >= 1 && m <= 12
}

// yearQuarter reads 2024-Q1, 2024Q1, 2024 Q1 and the French 2024-T1
// (trimestre), in either case.
func yearQuarter(s []byte) (int, int, bool) {
	if len(s) < 6 {
		return 0, 0, false
	}
	y, okY := digits(s[:4])
	rest := s[4:]
	if rest[0] == '-' || rest[0] == ' ' {
		rest = rest[1:]
	}
	if len(rest) != 2 || !bytes.ContainsRune([]byte("QqTt"), rune(rest[0])) {
		return 0, 0, false
	}
	q := int(rest[1] - '0')
	return y, q, okY && q >= 1 && q <= 4
}

// numberReader reads the numbers of a puller's rows with
// indicators.ParseDecimal, the push API's parser: plain decimal notation,
// with spaces between digit groups (also the no-break spaces French
// formatting puts there), and with comma "12,5" as twelve and a half.
type numberReader struct {
	comma bool
}

// read parses s as a finite number.
func (n numberReader) read(s []byte) (float64, bool) {
	f, err := indicators.ParseDecimal(string(s), indicators.TextDecimal(n.comma))
	return f, err == nil
}

// skipSet holds the cell texts that mean "no value".
type skipSet [][]byte

func newSkipSet(values []string) skipSet {
	s := make(skipSet, len(values))
	for i, v := range values {
		s[i] = []byte(strings.TrimSpace(v))
	}
	return s
}

func (s skipSet) has(cell []byte) bool {
	for _, v := range s {
		if bytes.Equal(v, cell) {
			return true
		}
	}
	return false
}
