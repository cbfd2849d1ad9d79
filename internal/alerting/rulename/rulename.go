// Package rulename names the built-in alerting rules, which package
// alerting defines (one descriptor each, alerting/rules.go). The names are
// apart from alerting so that config can refuse an unknown
// [alerting.rule.NAME] with its line: alerting imports config for its
// settings, so config cannot import alerting, and a package of names that
// imports nothing lets both use one list without a cycle and without config
// pulling in the store. alerting's TestRuleNames keeps its descriptors and
// this list in step.
package rulename

// The built-in rules.
const (
	TrajectoryAtRisk     = "JalonTrajectoryAtRisk"
	TrajectoryOffTrack   = "JalonTrajectoryOffTrack"
	ForecastMissesTarget = "JalonForecastMissesTarget"
	DeadlineMissed       = "JalonDeadlineMissed"
	DeadlineUnverified   = "JalonDeadlineUnverified"
	MilestoneOverdue     = "JalonMilestoneOverdue"
	DataStale            = "JalonDataStale"
	PullerFailing        = "JalonPullerFailing"
	AssessmentDiverges   = "JalonAssessmentDiverges"
)

// All returns the names of the built-in rules in documentation order.
func All() []string {
	return []string{TrajectoryAtRisk, TrajectoryOffTrack, ForecastMissesTarget, DeadlineMissed, DeadlineUnverified,
		MilestoneOverdue, DataStale, PullerFailing, AssessmentDiverges}
}
