package wire

import (
	"strconv"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// Definition is the rest of an indicator's definition: how its figures are
// to be read and judged, so that an operator knows what to push (issue 11:
// a yearly total pushed to a 30-day count indicator was read as 30 days).
// It is embedded in Indicator, its fields beside the others.
type Definition struct {
	UnitLabel string `json:"unit_label,omitempty"`
	// Input is how a rate's values are read: rate, count or cumulative
	// ("" for other kinds, or cumulative for a running-total level).
	Input string `json:"input,omitempty"`
	// Period is the length of one count without start (input count).
	Period     string    `json:"period,omitempty"`
	Shape      string    `json:"shape"`
	Cadence    string    `json:"cadence,omitempty"`
	StaleAfter float64   `json:"stale_after"`
	Tolerance  Tolerance `json:"tolerance"`
	Dimensions []string  `json:"dimensions"`
	Source     string    `json:"source,omitempty"`
	Notes      string    `json:"notes,omitempty"`
}

// Tolerance is how far behind the plan a series may be, as a share of the
// planned change, before it is at risk and then off track.
type Tolerance struct {
	AtRisk   float64 `json:"at_risk"`
	OffTrack float64 `json:"off_track"`
}

func definitionOf(ind indicators.Indicator) Definition {
	return Definition{
		UnitLabel: ind.UnitLabel, Input: string(ind.Input), Period: Duration(ind.Period), Shape: string(ind.Shape),
		Cadence: Duration(ind.Cadence), StaleAfter: ind.StaleAfter,
		Tolerance:  Tolerance{AtRisk: ind.Tolerance.AtRisk, OffTrack: ind.Tolerance.OffTrack},
		Dimensions: append([]string{}, ind.Dimensions...), Source: ind.Source, Notes: ind.Notes,
	}
}

// Duration writes d as the catalog does: whole days as "30d", anything
// else in Go's notation ("36h"); "" for zero.
func Duration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == 0:
		return ""
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}
