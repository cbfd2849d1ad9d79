package indicators

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Lang is a language values are written in, as a BCP 47 code.
type Lang string

// The languages Jalon writes. English is the zero value's reading.
const (
	French  Lang = "fr"
	English Lang = "en"
)

// Langs lists the languages ParseLang accepts, the default first.
var Langs = []Lang{French, English}

// ParseLang reads a language code as a query or a configuration gives it.
func ParseLang(s string) (Lang, error) {
	switch l := Lang(strings.ToLower(strings.TrimSpace(s))); l {
	case French, English:
		return l, nil
	}
	return "", fmt.Errorf("language %q: want fr or en", s)
}

// Unit writes and reads the values of one catalog unit in one language:
// "8 210", "396,7 millions", "78,7 %" in French; "8,210", "396.7 million",
// "78.7%" in English. Pages, reports, jalonctl and alert texts all write
// values through it, so that a figure reads the same everywhere.
type Unit struct {
	Name string // a key of Units; "" for a bare number
	Lang Lang
	// Scale, when set (1, 1e6 or 1e9), writes large values of additive
	// units in that one multiple, so that the values of a page share it;
	// zero picks the multiple per value.
	Scale float64
}

// Format writes v with its unit, rounded to what the unit warrants: large
// values of counts, rates and amounts in millions or billions, whole
// numbers from a thousand, one decimal from ten (a share, a duration, a
// number of millions), three significant digits below. "—" for NaN and ±Inf.
func (u Unit) Format(v float64) string { return u.FormatDigits(v, u.rounded) }

// FormatDigits writes v with its unit as Format does, its digits written by
// digits (a page's short or precise form).
func (u Unit) FormatDigits(v float64, digits func(float64) string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	switch u.Name {
	case "percent":
		return digits(v) + u.PercentSign()
	case "ratio", "done":
		return digits(v*100) + u.PercentSign()
	case "months":
		return digits(v) + " " + u.word(u.plural(v, "month"))
	case "days":
		return digits(v) + " " + u.word(u.plural(v, "day"))
	case "euros":
		return u.Large(v, digits) + " €"
	case "per_year":
		return u.Large(v, digits) + " " + u.word("a year")
	}
	return u.Large(v, digits)
}

// Large writes v in millions or billions when it is that large (or in
// u.Scale when set): "396,7 millions", "1.2 billion".
func (u Unit) Large(v float64, digits func(float64) string) string {
	scale := u.Scale
	if scale == 0 {
		scale = scaleOf(v)
	}
	word := map[float64]string{1e6: "million", 1e9: "billion"}[scale]
	if word == "" {
		return digits(v)
	}
	x := v / scale
	if x == 0 {
		return "0"
	}
	w := u.word(word)
	if u.Lang == French && math.Abs(x) >= 2 {
		w += "s" // "2 millions", but "1,5 million"
	}
	return digits(x) + " " + w
}

func scaleOf(v float64) float64 {
	switch a := math.Abs(v); {
	case a >= 1e9:
		return 1e9
	case a >= 1e6:
		return 1e6
	}
	return 1
}

// rounded writes v whole from a thousand, to one decimal from ten (a
// share, a number of millions: "396,7 millions"), and to three significant
// digits below ten, where a decimal carries meaning.
func (u Unit) rounded(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000:
		return u.Number(v, 0, false)
	case a >= 10 || a == 0:
		return u.Number(v, 1, true)
	}
	dec := 2 - int(math.Floor(math.Log10(a)))
	return u.Number(v, min(dec, 12), true)
}

// Additive reports whether the unit's values add up across territories.
func (u Unit) Additive() bool {
	switch u.Name {
	case "count", "per_year", "euros":
		return true
	}
	return false
}

// Number writes v with dec decimals in u's language: thousands grouped (a
// narrow no-break space in French, a comma in English), the decimal
// separator of the language, a true minus sign, and trailing zeros dropped
// when trim is set. A value that rounds to zero has no sign.
func (u Unit) Number(v float64, dec int, trim bool) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	whole, frac, _ := strings.Cut(s, ".")
	if trim {
		frac = strings.TrimRight(frac, "0")
	}
	group, point := ",", "."
	if u.Lang == French {
		group, point = "\u202f", ","
	}
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// plural adds an s to an English word but for one, as French does from two
// ("1,5 jour", "1.5 days").
func (u Unit) plural(v float64, word string) string {
	if a := math.Abs(v); a == 1 || u.Lang == French && a < 2 {
		return word
	}
	return word + "s"
}

// PercentSign is what follows a percentage in u's language.
func (u Unit) PercentSign() string {
	if u.Lang == French {
		return "\u202f%" // French typography: a narrow no-break space before %
	}
	return "%"
}

// unitWords are the words Format writes, in French; English is the key.
var unitWords = map[string]string{
	"month": "mois", "months": "mois", "day": "jour", "days": "jours", "a year": "par an",
	"million": "million", "billion": "milliard",
}

func (u Unit) word(en string) string {
	if u.Lang == French {
		return unitWords[en]
	}
	return en
}

// Parse reads a value of u as people and spreadsheets write it, with
// ParseDecimal: in French a decimal comma and digit-group spaces ("4 512,0"),
// in English a decimal point with group spaces ("4 512.0"). A share may end
// with % ("78,7 %" is 0.787 for a ratio, 78.7 for a percent).
func (u Unit) Parse(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := false
	if n, ok := strings.CutSuffix(t, "%"); ok && (u.Name == "percent" || u.Name == "ratio" || u.Name == "done") {
		t, pct = strings.TrimRight(n, " \u00a0\u202f"), true
	}
	v, err := ParseDecimal(t, TextDecimal(u.Lang == French))
	if err != nil {
		return 0, fmt.Errorf("%s value: %w", u.describe(), err)
	}
	if pct && u.Name != "percent" {
		v /= 100
	}
	return v, nil
}

func (u Unit) describe() string {
	name := u.Name
	if name == "" {
		name = "number"
	}
	if u.Lang == French {
		return name + " (fr)"
	}
	return name
}
