package indicators

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Decimal says which variants of plain decimal notation ParseDecimal
// accepts beyond its core: an optional sign, digits with at most one decimal
// separator, and an optional exponent (e or E, an optional sign, digits).
type Decimal struct {
	// Comma makes the decimal separator a comma ("12,5"), as French
	// spreadsheets and open-data files write it; a point is then refused.
	Comma bool
	// Groups accepts a space, a no-break space (U+00A0) or a narrow no-break
	// space (U+202F) between two digits of the integer part ("1 234 567"),
	// as French formatting groups thousands.
	Groups bool
}

// ParseDecimal reads s as a finite number written in plain decimal notation:
// what a person or a spreadsheet writes, and nothing of Go's own syntax that
// strconv.ParseFloat also takes (1_000, 0x1p3, Inf, NaN). A leading + is
// accepted, and so are ".5" and "5." (digits on one side of the separator
// suffice). The error quotes s as given and says where it stops being a
// number.
func ParseDecimal(s string, f Decimal) (float64, error) {
	plain, at := f.normalize(s)
	if at >= 0 {
		return 0, f.syntaxError(s, at)
	}
	v, err := strconv.ParseFloat(plain, 64)
	if err != nil {
		// The grammar is a subset of ParseFloat's, so only the range fails.
		return 0, fmt.Errorf("%q is beyond the range of a 64-bit number (about ±1.8e308)", s)
	}
	return v, nil
}

// normalize checks s against the grammar and returns it as ParseFloat reads
// it (point separator, no group spaces), or the byte offset at which s
// leaves the grammar (len(s) when it ends too early).
func (f Decimal) normalize(s string) (string, int) {
	end, rewrite, ok := f.scan(s)
	if !ok {
		return "", end
	}
	if !rewrite {
		return s, -1
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch n := groupSpace(s[i:]); {
		case s[i] == ',':
			b = append(b, '.')
		case n > 0:
			i += n - 1
		default:
			b = append(b, s[i])
		}
	}
	return string(b), -1
}

// scan reads s by the grammar; ok is false when s leaves it, at end.
// rewrite reports a decimal comma or group spaces, which ParseFloat does
// not read.
func (f Decimal) scan(s string) (end int, rewrite, ok bool) {
	sep := byte('.')
	if f.Comma {
		sep = ','
	}
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	j, grouped := digits(s, i, f.Groups)
	nDigits := j - i
	if rewrite = grouped; j < len(s) && s[j] == sep {
		rewrite = rewrite || sep == ','
		k, _ := digits(s, j+1, false)
		nDigits += k - j - 1
		j = k
	}
	if nDigits == 0 {
		return j, false, false
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		j++
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		k, _ := digits(s, j, false)
		if k == j {
			return j, false, false
		}
		j = k
	}
	return j, rewrite, j == len(s)
}

// digits returns where the digits of s from i end, skipping group spaces
// between two digits when groups is set, and whether it skipped any.
func digits(s string, i int, groups bool) (int, bool) {
	grouped := false
	for i < len(s) {
		if isDigit(s[i]) {
			i++
			continue
		}
		n := groupSpace(s[i:])
		if !groups || n == 0 || i == 0 || !isDigit(s[i-1]) || i+n >= len(s) || !isDigit(s[i+n]) {
			break
		}
		i, grouped = i+n, true
	}
	return i, grouped
}

// groupSpace returns the length of the digit-group space s starts with, 0
// if none.
func groupSpace(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	switch r {
	case ' ', '\u00a0', '\u202f':
		return n
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// syntaxError says where s stops being a decimal number and what is
// expected, with an example in the separator of f.
func (f Decimal) syntaxError(s string, at int) error {
	want := "want digits with an optional sign, one decimal point and an exponent, as in -12.5 or 1.5e3"
	if f.Comma {
		want = "want digits with an optional sign, one decimal comma and an exponent, as in -12,5 or 1,5e3"
	}
	if s == "" {
		return fmt.Errorf("empty; %s", want)
	}
	if at >= len(s) {
		return fmt.Errorf("%q is not a decimal number: it ends too early; %s", s, want)
	}
	what := fmt.Sprintf("%q", s[at:at+1])
	if r, n := utf8.DecodeRuneInString(s[at:]); r != utf8.RuneError || n > 1 {
		what = fmt.Sprintf("%q", r)
	}
	return fmt.Errorf("%q is not a decimal number: %s at byte %d; %s", s, what, at, want)
}
