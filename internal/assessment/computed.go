package assessment

import (
	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/evaluator"
)

// Computed is the confidence the figures give what a is about: the
// indicator's headline confidence, or for an objective the least confident
// of its indicators'. ConfidenceUnknown when none has a rating.
func Computed(s *evaluator.Snapshot, k Key) indicators.Confidence {
	o, ok := s.Catalog.Objective(k.Objective)
	if !ok {
		return indicators.ConfidenceUnknown
	}
	worst := indicators.ConfidenceUnknown
	for i := range o.Indicators {
		id := o.Indicators[i].ID
		if k.Indicator != "" && id != k.Indicator {
			continue
		}
		main, _ := evaluator.Headline(s.Of(id))
		if c := main.Eval.Confidence; level(c) > level(worst) {
			worst = c
		}
	}
	return worst
}
