package pages

import "github.com/jalonhq/jalon/indicators"

// qualified prefixes a formatted value with its qualifier's sign, so that a
// published lower bound reads "≥ 420 M" on every page, as the source said
// "plus de 420 millions".
func qualified(q indicators.Qualifier, value string) string {
	if s := q.Symbol(); s != "" {
		return s + "\u00a0" + value
	}
	return value
}

// periodText is the date cell of a point: its period when it counts one
// ("2025-01-01 → 2025-12-31"), else its day.
func periodText(p indicators.Point) string {
	if p.Span > 0 {
		return dayText(p.Time.Add(-p.Span)) + " → " + dayText(p.Time)
	}
	return dayText(p.Time)
}

// derivedRate reports whether the indicator's stored values are not its
// rates but counts or running totals the engine turns into rates.
func derivedRate(ind *indicators.Indicator) bool {
	return ind.Kind == indicators.KindRate && (ind.Input == indicators.InputCount || ind.Input == indicators.InputCumulative)
}
