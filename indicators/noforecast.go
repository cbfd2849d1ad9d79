package indicators

import (
	"fmt"
	"time"
)

// NoForecastReason says, as a stable code, why an evaluation has no
// forecast.
type NoForecastReason string

// The reasons for no forecast. The last three are too little data: the
// confidence is then insufficient_data, never red or green.
const (
	// NoDeadlineAhead: every deadline from the current target on has passed.
	NoDeadlineAhead NoForecastReason = "no_deadline_ahead"
	// NoPartialProgress: a done/not-done milestone reports no partial
	// progress, so there is no trend.
	NoPartialProgress NoForecastReason = "no_partial_progress"
	// TooFewFigures: fewer than three figures in the two years to the latest.
	TooFewFigures NoForecastReason = "too_few_figures"
	// FiguresOnOneDay: the figures all fall on one day.
	FiguresOnOneDay NoForecastReason = "figures_on_one_day"
	// SpanTooShort: the figures span less than a quarter of the time from the
	// first of them to the deadline.
	SpanTooShort NoForecastReason = "span_too_short"
)

// NoForecast says why an evaluation has no forecast, with the figures the
// reason needs; the zero value means there is one, or there is no target.
// It is a value rather than a string so that evaluating allocates nothing
// for it: String writes the sentence when someone reads it.
type NoForecast struct {
	Reason   NoForecastReason
	Figures  int           // how many figures the fit would have had
	Span     time.Duration // the time they span
	Whole    time.Duration // from the first of them to the deadline
	Deadline time.Time     // the deadline aimed at, or the last one passed
}

// Insufficient reports whether the reason is too little data.
func (n NoForecast) Insufficient() bool {
	switch n.Reason {
	case TooFewFigures, FiguresOnOneDay, SpanTooShort:
		return true
	}
	return false
}

// String says the reason in plain words, "" for none.
func (n NoForecast) String() string {
	at := n.Deadline.Format(time.DateOnly)
	switch n.Reason {
	case NoDeadlineAhead:
		return "no deadline ahead: the last one, " + at + ", has passed"
	case NoPartialProgress:
		return "no partial progress reported: nothing to extrapolate"
	case TooFewFigures:
		return fmt.Sprintf("%s in the two years to the latest: a forecast needs at least %d", figures(n.Figures), minFitPoints)
	case FiguresOnOneDay:
		return fmt.Sprintf("%s, all on one day: no trend to extrapolate", figures(n.Figures))
	case SpanTooShort:
		return fmt.Sprintf("%s spanning %s, less than a quarter of the %s from the first of them to the deadline, %s",
			figures(n.Figures), spell(n.Span), spell(n.Whole), at)
	}
	return ""
}

func figures(n int) string {
	if n == 1 {
		return "1 figure"
	}
	return fmt.Sprintf("%d figures", n)
}

// spell writes a duration in the unit a reader of a roadmap would: days
// under two months, months under two years, years beyond.
func spell(d time.Duration) string {
	days := d.Hours() / 24
	switch {
	case days < 60:
		return fmt.Sprintf("%.0f days", days)
	case days < 730:
		return fmt.Sprintf("%.0f months", days/30.4375)
	}
	return fmt.Sprintf("%.1f years", days/365.25)
}
