package pages

import (
	"math"

	"github.com/jalonhq/jalon/indicators"
)

// webBadge is a status or a confidence level as shown: a colour (Class), a
// shape (Symbol, hidden from screen readers) and the words (Text), so that
// it reads the same without colour.
type webBadge struct {
	Class, Symbol, Text string
}

var statusSymbols = map[indicators.Status]string{
	indicators.StatusAchieved: "✓", indicators.StatusOnTrack: "●", indicators.StatusAtRisk: "▲",
	indicators.StatusOffTrack: "▼", indicators.StatusMissed: "✗", indicators.StatusUnverified: "?",
	indicators.StatusStale: "◷", indicators.StatusNoData: "–",
}

var confidenceSymbols = map[indicators.Confidence]string{
	indicators.ConfidenceGreen: "●●●●", indicators.ConfidenceAmberGreen: "●●●○", indicators.ConfidenceAmberRed: "●●○○",
	indicators.ConfidenceRed: "●○○○", indicators.ConfidenceInsufficient: "····", indicators.ConfidenceUnknown: "○○○○",
}

func (l *lang) statusBadge(s indicators.Status) webBadge {
	return webBadge{Class: "status-" + string(s), Symbol: statusSymbols[s], Text: l.statusText(s)}
}

// confidenceBadge names the level and, when known, the probability behind it.
func (l *lang) confidenceBadge(c indicators.Confidence, p float64) webBadge {
	b := webBadge{Class: "conf-" + string(c), Symbol: confidenceSymbols[c], Text: l.confidenceText(c)}
	if !math.IsNaN(p) && c != indicators.ConfidenceUnknown {
		b.Text += " (" + l.num(p*100, 0, false) + l.percentSign() + ")"
	}
	return b
}

// labelText names a label set for people: region and department codes
// with their names.
func (p *pages) labelText(ls indicators.Labels) string { return p.codes.PartName(ls) }
