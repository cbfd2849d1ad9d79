package wire

import "time"

// Pace is the pace an open quantified target needs from the latest figure,
// beside the pace the recent figures show, both in the indicator's unit per
// month (docs/trajectory.md §6b).
type Pace struct {
	// Target is the milestone the pace aims at: the first whose deadline
	// is ahead.
	Target Target `json:"target"`
	// RequiredPerMonth is 0 once the latest figure meets the target.
	RequiredPerMonth *float64 `json:"required_per_month"`
	// RecentPerMonth and RecentFrom are null with fewer than two figures
	// at distinct dates among the recent ones.
	RecentPerMonth *float64   `json:"recent_per_month"`
	RecentFrom     *time.Time `json:"recent_from"`
}
