package pages

import "github.com/jalonhq/jalon/indicators"

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
