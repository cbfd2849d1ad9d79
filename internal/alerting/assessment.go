package alerting

import (
	"github.com/jalonhq/jalon/internal/alerting/rulename"
)

// Divergence is an owners' assessment two or more levels more optimistic
// than the computed delivery confidence: what JalonAssessmentDiverges
// needs to know of it.
type Divergence struct {
	Objective string
	Indicator string // "" for the objective as a whole
	Owners    string // the owners' rating
	Computed  string // the computed confidence
}

// Divergences returns the current divergences. Package assessment
// computes them; alerting does not import it, as it does not import
// collector.
type Divergences func() []Divergence

func (rs *ruleset) evalDivergences(ds []Divergence, emit func(c *candidate)) {
	s := &rs.assess.settings
	if s.disabled {
		return
	}
	for i := range ds {
		d := &ds[i]
		own := Labels{{Name: "objective", Value: d.Objective}}
		if d.Indicator != "" {
			own = Labels{{Name: "indicator", Value: d.Indicator}, {Name: "objective", Value: d.Objective}}
		}
		ls := mergeLabels(nil, rs.assess.base, own, "")
		emit(&candidate{labels: ls, fp: fingerprint(ls), rule: -2, forDur: s.forDur, divergence: d, k: -1})
	}
}

// divergence returns the annotations of a JalonAssessmentDiverges alert.
func (a *annotator) divergence(d Divergence, ls Labels) Labels {
	subject := a.lang.f("objective %s", d.Objective)
	if d.Indicator != "" {
		subject = a.lang.f("indicator %s of objective %s", d.Indicator, d.Objective)
	}
	desc := a.lang.f("The owners rate %s %s while the figures give %s: two or more levels more optimistic. "+
		"Ask what they know that the figures do not show yet.", subject, d.Owners, d.Computed)
	summary := a.lang.f("%s: owners more optimistic than the figures", d.Objective)
	out := Labels{{Name: "description", Value: desc}, {Name: "summary", Value: summary}}
	return a.addRunbook(out, rulename.AssessmentDiverges, ls)
}
