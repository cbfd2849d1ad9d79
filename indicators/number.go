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
	sep := byte('.')
	if f.Comma {
		sep = ','
	}
	b := make([]byte, 0, len(s))
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		b = append(b, s[i])
		i++
	}
	intStart := len(b)
	b, i = f.digits(s, i, b, f.Groups)
	nInt := len(b) - intStart
	nFrac := 0
	if i < len(s) && s[i] == sep {
		b = append(b, '.')
		fracStart := len(b)
		b, i = f.digits(s, i+1, b, false)
		nFrac = len(b) - fracStart
	}
	if nInt+nFrac == 0 {
		return "", i
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		b = append(b, 'e')
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			b = append(b, s[i])
			i++
		}
		expStart := len(b)
		if b, i = f.digits(s, i, b, false); len(b) == expStart {
			return "", i
		}
	}
	if i < len(s) {
		return "", i
	}
	return string(b), -1
}

// digits appends the digits of s from i on to b, skipping group spaces
// between two digits when groups is set, and returns where they end.
func (Decimal) digits(s string, i int, b []byte, groups bool) ([]byte, int) {
	for i < len(s) {
		if c := s[i]; '0' <= c && c <= '9' {
			b = append(b, c)
			i++
			continue
		}
		n := groupSpace(s[i:])
		if !groups || n == 0 || i == 0 || !isDigit(s[i-1]) || i+n >= len(s) || !isDigit(s[i+n]) {
			break
		}
		i += n
	}
	return b, i
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
