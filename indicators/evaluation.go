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
	StatusStale    Status = "stale"
	StatusNoData   Status = "no_data"
)

// Statuses lists every status, for exposition with one series per state.
var Statuses = []Status{StatusAchieved, StatusOnTrack, StatusAtRisk, StatusOffTrack, StatusMissed, StatusStale, StatusNoData}

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
)

// Confidences lists every confidence level.
var Confidences = []Confidence{ConfidenceGreen, ConfidenceAmberGreen, ConfidenceAmberRed, ConfidenceRed, ConfidenceUnknown}

// Forecast is the value a series is expected to reach at a date, with a
// prediction interval.
type Forecast struct {
	At    time.Time
	Value float64
	Low   float64 // lower bound of the interval
	High  float64 // upper bound of the interval
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
	// Forecast at the current target's deadline; nil when it cannot be made.
	Forecast *Forecast
	// Probability of meeting the current target, in [0, 1]; NaN if unknown.
	Probability float64
	Confidence  Confidence
	// Done reports, for a milestone indicator, whether the milestone is done.
	Done bool
	// LastMissed is the index in Indicator.Milestones of the latest milestone
	// whose deadline passed short of it, -1 if none. An intermediate miss
	// shows nowhere else: the next milestone becomes the target at once.
	LastMissed int
}
