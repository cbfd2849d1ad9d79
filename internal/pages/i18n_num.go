package pages

import (
	"math"

	"github.com/jalonhq/jalon/indicators"
)

func (l *lang) percentSign() string {
	return indicators.Unit{Lang: indicators.Lang(l.Code)}.PercentSign()
}

// short writes v with few decimals: 3 significant digits or more.
func (l *lang) short(v float64) string {
	a := math.Abs(v)
	dec := 0
	switch {
	case a < 10:
		dec = 2
	case a < 100:
		dec = 1
	}
	return l.num(v, dec, true)
}

// precise writes v with 2 to 4 decimals, as docs/trajectory.md does.
func (l *lang) precise(v float64) string {
	a := math.Abs(v)
	dec := 2
	switch {
	case v == math.Trunc(v) && a < 1e15, a >= 1000:
		return l.num(v, 0, false) // whole counts, and large values have digits enough
	case a < 1:
		dec = 4
	case a < 10:
		dec = 3
	}
	return l.num(v, dec, false)
}

// prob writes a probability with three decimals, saying when it is beyond
// them rather than printing a certainty it is not.
func (l *lang) prob(p float64) string {
	switch {
	case math.IsNaN(p):
		return "—"
	case p == 0 || p == 1:
		return l.num(p, 0, false) // a decided target, or a certainty beyond float64
	case p > 0 && p < 0.0005:
		return "< " + l.num(0.001, 3, false)
	case p < 1 && p > 0.9995:
		return "> " + l.num(0.999, 3, false)
	}
	return l.num(p, 3, false)
}

// probIs writes "= p", or "< 0.001" and "> 0.999" beyond three decimals.
func (l *lang) probIs(p float64) string {
	s := l.prob(p)
	if s[0] == '<' || s[0] == '>' {
		return s
	}
	return "= " + s
}

// ratio writes a share as a percentage with one decimal: "6.6%".
func (l *lang) ratio(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return l.num(v*100, 1, false) + l.percentSign()
}

// num writes v with dec decimals in the page's language, as
// indicators.Unit writes every value.
func (l *lang) num(v float64, dec int, trim bool) string {
	return indicators.Unit{Lang: indicators.Lang(l.Code)}.Number(v, dec, trim)
}
