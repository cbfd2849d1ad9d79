package evaluator

import "github.com/jalonhq/jalon/indicators"

// Headline returns the result that speaks for an indicator: its national
// series (no labels) when there is one; otherwise, when only territorial
// parts were pushed, the most worrying part (indicators.WorsePart), with
// the number of parts. The API and the pages speak of the same series
// series this way.
func Headline(rs []Result) (r Result, parts int) {
	best := -1
	for i, x := range rs {
		if len(x.Labels) == 0 {
			return x, 0
		}
		if best < 0 || indicators.WorsePart(x.Eval, rs[best].Eval) {
			best = i
		}
	}
	if best < 0 {
		return Result{Eval: indicators.Evaluation{Status: indicators.StatusNoData,
			Confidence: indicators.ConfidenceUnknown, Target: -1, LastMissed: -1, LastUnverified: -1}}, 0
	}
	return rs[best], len(rs)
}
