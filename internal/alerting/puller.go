package alerting

import "time"

// PullerState is what JalonPullerFailing needs to know of one puller.
type PullerState struct {
	Name string
	// ConsecutiveFailures counts the runs that failed since the last
	// success.
	ConsecutiveFailures int
	LastError           string
	LastRun             time.Time
}

// PullerStates returns the state of every configured puller. Package
// collector provides it; alerting does not import collector, so that the
// two stay independent.
type PullerStates func() []PullerState
