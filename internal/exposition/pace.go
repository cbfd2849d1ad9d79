package exposition

import (
	"math"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

func requiredPace(r *evaluator.Result) (float64, bool) {
	if p := r.Eval.Pace; p != nil {
		return finite(p.Required)
	}
	return 0, false
}

func recentPace(r *evaluator.Result) (float64, bool) {
	if p := r.Eval.Pace; p != nil {
		return finite(p.Recent)
	}
	return 0, false
}

// samePace compares two paces by value, NaN equal to NaN: each evaluation
// points at its own Pace, so comparing the pointers would find every series
// changed at every snapshot and re-encode them all.
func samePace(a, b *indicators.Pace) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Target == b.Target && a.RecentFrom.Equal(b.RecentFrom) &&
		math.Float64bits(a.Required) == math.Float64bits(b.Required) &&
		math.Float64bits(a.Recent) == math.Float64bits(b.Recent)
}
