package indicators

import "time"

// Status is where a series stands against its plan.
type Status string

// The statuses, in the order exposition and pages list them.
const (
	StatusAchieved Status = "achieved"
	StatusOnTrack  Status = "on_track"
	StatusAtRisk   Status = "at_risk"
	StatusOffTrack Status = "off_track"
	StatusMissed   Status = "missed"
	// StatusUnverified: the last deadline has passed and no figure near it
	// shows whether the target was met (docs/trajectory.md §3).
	StatusUnverified Status = "unverified"
	StatusStale      Status = "stale"
	StatusNoData     Status = "no_data"
)

// Statuses lists every status, for exposition with one series per state.
var Statuses = []Status{StatusAchieved, StatusOnTrack, StatusAtRisk, StatusOffTrack, StatusMissed, StatusUnverified, StatusStale, StatusNoData}

// Confidence is the four-level delivery-confidence rating of the delivery-unit
// scale, derived from the probability of meeting the next target.
type Confidence string

// The confidence levels; ConfidenceUnknown where no forecast is possible.
const (
	ConfidenceGreen      Confidence = "green"
	ConfidenceAmberGreen Confidence = "amber_green"
	ConfidenceAmberRed   Confidence = "amber_red"
	ConfidenceRed        Confidence = "red"
	ConfidenceUnknown    Confidence = "unknown"
	// ConfidenceInsufficient: a target is open, but the figures are too few
	// or too close together to forecast it (Evaluation.ForecastNote says
	// which); neither red nor green, since nothing is known either way.
	ConfidenceInsufficient Confidence = "insufficient_data"
)

// Confidences lists every confidence level.
var Confidences = []Confidence{ConfidenceGreen, ConfidenceAmberGreen, ConfidenceAmberRed, ConfidenceRed, ConfidenceInsufficient, ConfidenceUnknown}

// Forecast is the value a series is expected to reach at a date, with a
// prediction interval.
type Forecast struct {
	At    time.Time
	Value float64
	Low   float64 // lower bound of the interval
	High  float64 // upper bound of the interval
	// SE is the standard error of a new figure at At, and DF the degrees of
	// freedom of the t law the interval and the probability use (figures
	// fitted − 2), so that pages can show how both were computed.
	SE float64
	DF int
}

// Evaluation is the state of one series at time Now.
type Evaluation struct {
	Now    time.Time
	Status Status
	// Latest is the most recent actual (for a count-input rate indicator, the
	// trailing rate at the latest period), nil with no data.
	Latest *Point
	// PlannedAtLatest is the plan at Latest's own date: figures arrive late,
	// so they are judged against where the plan stood when they were true.
	PlannedAtLatest float64
	// PlannedNow is the plan at Now.
	PlannedNow float64
	// Gap is (actual − planned) / planned change, signed so that negative
	// means behind plan whatever the direction.
	Gap float64
	// Target is the index in Indicator.Milestones of the current milestone:
	// the first one neither achieved nor missed, or the last one. -1 if none.
	Target int
	// Progress is the share of the way from the baseline to the current
	// target covered by the latest actual (1 = target reached).
	Progress float64
	// Forecast at the deadline of the current target, or of the next
	// milestone once the current target's deadline has passed; nil when it
	// cannot be made.
	Forecast *Forecast
	// NoForecast says why there is no forecast (zero when there is one, or
	// no target at all); its String is the reason in plain words.
	NoForecast NoForecast
	// Probability of meeting the forecast's milestone (the current target
	// when decided), in [0, 1]; NaN if unknown. While that target is open
	// it stays within [0.001, 0.999].
	Probability float64
	Confidence  Confidence
	// Done reports, for a milestone indicator, whether the milestone is done.
	Done bool
	// LastMissed is the index in Indicator.Milestones of the latest milestone
	// shown missed by evidence (a figure short of it near its deadline, or
	// after it on a series that cannot fall), -1 if none. An intermediate
	// miss shows nowhere else: the next milestone becomes the target at once.
	LastMissed int
	// LastUnverified is the index of the latest milestone whose deadline
	// passed with no such evidence either way, -1 if none.
	LastUnverified int
	// LastJudged is, for a stale series, the status its latest figure had
	// against the plan (PlannedAtLatest), "" otherwise: staleness hides the
	// trajectory but not the last thing known about it.
	LastJudged Status
	// Pace is the pace needed to reach the first target whose deadline is
	// ahead and the pace of the recent figures; nil without data or such a
	// target, and for done/not-done milestones.
	Pace *Pace
}
