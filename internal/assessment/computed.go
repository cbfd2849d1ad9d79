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
	var cs []indicators.Confidence
	for i := range o.Indicators {
		id := o.Indicators[i].ID
		if k.Indicator != "" && id != k.Indicator {
			continue
		}
		main, _ := evaluator.Headline(s.Of(id))
		cs = append(cs, main.Eval.Confidence)
	}
	return Least(cs...)
}

// Least is the least confident rating among cs, ConfidenceUnknown when
// none is a rating: an objective is as confident as its weakest indicator.
func Least(cs ...indicators.Confidence) indicators.Confidence {
	worst := indicators.ConfidenceUnknown
	for _, c := range cs {
		if level(c) > level(worst) {
			worst = c
		}
	}
	return worst
}

// Divergent is a latest assessment that diverges, with the confidence the
// figures give.
type Divergent struct {
	Assessment
	Computed indicators.Confidence
}

// DivergentIn returns the latest assessments that diverge from the
// figures of s.
func DivergentIn(latest map[Key]Assessment, s *evaluator.Snapshot) []Divergent {
	var out []Divergent
	for k, a := range latest {
		if c := Computed(s, k); Diverges(a.Rating, c) {
			out = append(out, Divergent{Assessment: a, Computed: c})
		}
	}
	return out
}
