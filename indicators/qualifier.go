package indicators

import "fmt"

// Qualifier says how exactly a published figure gives its value: "plus de
// 98 millions" is a lower bound, "près de 47 000" an approximation. The
// judgement needs it: a lower bound that meets a target proves the target
// met, one that falls short of it proves nothing by itself.
type Qualifier uint8

// The qualifiers. QualifierNone is an exact figure.
const (
	QualifierNone Qualifier = iota
	AtLeast                 // "plus de": the true value is this or more
	AtMost                  // "moins de": the true value is this or less
	About                   // "près de", or a date known only roughly
)

var qualifierNames = [...]string{"", "at_least", "at_most", "about"}

// ParseQualifier reads a qualifier by its name in the API and files; ""
// is an exact figure.
func ParseQualifier(s string) (Qualifier, error) {
	for i, n := range qualifierNames {
		if s == n {
			return Qualifier(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a qualifier: want at_least, at_most or about, or nothing for an exact figure", s)
}

// String returns the qualifier's name in the API, "" for an exact figure.
func (q Qualifier) String() string {
	if int(q) < len(qualifierNames) {
		return qualifierNames[q]
	}
	return ""
}

// Symbol returns the sign printed before a qualified value ("≥ 98 M").
func (q Qualifier) Symbol() string {
	switch q {
	case AtLeast:
		return "≥"
	case AtMost:
		return "≤"
	case About:
		return "≈"
	}
	return ""
}

// bound is +1 when q makes p's value a bound on the better side of the
// indicator's direction (the truth is at least as good), −1 on the worse
// side, and 0 for an exact or approximate figure.
func (ind *Indicator) bound(q Qualifier) float64 {
	switch q {
	case AtLeast:
		return ind.sign()
	case AtMost:
		return -ind.sign()
	}
	return 0
}

// canProveMet reports whether p, reaching a target, proves it met: not a
// bound on the worse side ("moins de 5 000" meets nothing for certain).
func (ind *Indicator) canProveMet(p Point) bool { return ind.bound(p.Qualifier) >= 0 }

// canProveShort reports whether p, short of a target, proves it missed: not
// a bound on the better side ("plus de 98 M" may well have been 120 M).
func (ind *Indicator) canProveShort(p Point) bool { return ind.bound(p.Qualifier) <= 0 }

// combine is the qualifier of a figure computed from figures qualified a and
// b: the same bound stays a bound, bounds both ways or an approximation
// make an approximation.
func combine(a, b Qualifier) Qualifier {
	switch {
	case a == b || b == QualifierNone:
		return a
	case a == QualifierNone:
		return b
	}
	return About
}

// Qualify prefixes a formatted value with q's sign and a no-break space,
// so that a published lower bound reads "≥ 420 millions" wherever it is
// shown, as the source said "plus de 420 millions"; an exact figure is
// left as it is.
func (q Qualifier) Qualify(value string) string {
	if s := q.Symbol(); s != "" && value != "" {
		return s + "\u00a0" + value
	}
	return value
}
