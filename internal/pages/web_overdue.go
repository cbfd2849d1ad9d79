package pages

import "github.com/jalonhq/jalon/indicators"

// overdueUnreported reports whether ind is a dated launch or publication
// whose current deadline has passed with nothing reported: "no data" would
// read as neutral, when the milestone is late by the roadmap's own date.
func overdueUnreported(ind *indicators.Indicator, e *indicators.Evaluation) bool {
	return ind.Kind == indicators.KindMilestone && e.Latest == nil && e.Target >= 0 &&
		e.Target < len(ind.Milestones) && e.Now.After(ind.Milestones[e.Target].Deadline)
}

// evalBadge is the badge of evaluation e of ind: its status, or "overdue,
// not reported" in the alarm colour, that of a missed target.
func (l *lang) evalBadge(ind *indicators.Indicator, e *indicators.Evaluation) webBadge {
	if overdueUnreported(ind, e) {
		return webBadge{Class: "status-missed", Symbol: "✗", Text: l.T("Overdue, not reported")}
	}
	return l.statusBadge(e.Status)
}
