package collector

import (
	"testing"
	"time"

	"github.com/jalonhq/jalon/internal/config"
)

func TestTimeReader(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name, format, period, in string
		want                     time.Time
		err                      string
	}{
		{name: "year by its end", format: "YYYY", in: "2024", want: utc(2024, 12, 31)},
		{name: "year by its start", format: "YYYY", period: "start", in: "2024", want: utc(2024, 1, 1)},
		{name: "month", format: "YYYY-MM", in: "2024-02", want: utc(2024, 2, 29)},
		{name: "month one digit", format: "YYYY-MM", in: "2024-2", want: utc(2024, 2, 29)},
		{name: "month start", format: "YYYY-MM", period: "start", in: "2024-11", want: utc(2024, 11, 1)},
		{name: "quarter", format: "YYYY-Qn", in: "2024-Q3", want: utc(2024, 9, 30)},
		{name: "quarter trimestre", format: "YYYY-Qn", in: "2024-T4", want: utc(2024, 12, 31)},
		{name: "quarter compact", format: "YYYY-Qn", in: "2025q1", want: utc(2025, 3, 31)},
		{name: "quarter start", format: "YYYY-Qn", period: "start", in: "2025 Q2", want: utc(2025, 4, 1)},
		{name: "default date", in: "2024-03-31", want: utc(2024, 3, 31)},
		{name: "default RFC 3339", in: "2024-03-31T10:00:00+02:00", want: time.Date(2024, 3, 31, 8, 0, 0, 0, time.UTC)},
		{name: "unix", format: "unix", in: "1711843200", want: utc(2024, 3, 31)},
		{name: "layout date", format: "02/01/2006", in: "31/03/2024", want: utc(2024, 3, 31)},
		{name: "layout local time", format: "02/01/2006 15:04", in: "31/03/2024 10:30", want: time.Date(2024, 3, 31, 10, 30, 0, 0, paris)},
		{name: "bad month", format: "YYYY-MM", in: "2024-13", err: `"2024-13" is not a time in format YYYY-MM`},
		{name: "bad quarter", format: "YYYY-Qn", in: "2024-Q5", err: `"2024-Q5" is not a time in format YYYY-Qn`},
		{name: "bad year", format: "YYYY", in: "24", err: `"24" is not a time in format YYYY`},
		{name: "unix not decimal", format: "unix", in: "0x6608A880", err: `"0x6608A880" is not a time in format unix`},
		{name: "unix underscores", format: "unix", in: "1_711_843_200", err: `"1_711_843_200" is not a time in format unix`},
		{name: "bad default", in: "31/03/2024", err: `"31/03/2024" is not a time in format 2006-01-02 or RFC 3339`},
	}
	for _, tc := range tests {
		r := newTimeReader(config.Format{TimeFormat: tc.format, PeriodDate: tc.period}, paris)
		got, err := r.read([]byte(tc.in))
		if !got.Equal(tc.want) || (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
			t.Errorf("%s: read(%q) = %v, %v; want %v, %q", tc.name, tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestNumberReader(t *testing.T) {
	tests := []struct {
		name  string
		comma bool
		in    string
		want  float64
		ok    bool
	}{
		{"point", false, "12.5", 12.5, true},
		{"comma", true, "12,5", 12.5, true},
		{"comma not set", false, "12,5", 0, false},
		{"thousands with no-break spaces", true, "1\u00a0234\u202f567,25", 1234567.25, true},
		{"thousands with spaces", false, "4 512", 4512, true},
		{"negative exponent", false, "-1.5e3", -1500, true},
		{"text", true, "n/a", 0, false},
		{"underscores", false, "1_2_3", 0, false},
		{"hex float", false, "0x1.8p1", 0, false},
		{"hex integer", true, "0x10", 0, false},
		{"infinity", false, "-infinity", 0, false},
		{"point with a decimal comma", true, "1.234", 0, false},
		{"double space", true, "1  234", 0, false},
		{"space after the separator", true, "0, 5", 0, false},
		{"plus sign", true, "+1 234,5", 1234.5, true},
		{"exponent with a comma", true, "1,5e3", 1500, true},
		{"out of range", false, "1e400", 0, false},
		{"not finite", false, "NaN", 0, false},
		{"infinite", false, "Inf", 0, false},
		{"empty", false, "", 0, false},
	}
	for _, tc := range tests {
		n := numberReader{comma: tc.comma}
		got, ok := n.read([]byte(tc.in))
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: read(%q) = %v, %v; want %v, %v", tc.name, tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
