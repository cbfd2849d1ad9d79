package catalogfile

import (
	"fmt"
	"io"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/jalonhq/jalon/indicators"
)

// EncodeCatalog writes c as one catalog file in which every indicator states
// all its settings, defaults included. ParseCatalog reads it back into an
// equal catalog, which the fuzz tests check.
func EncodeCatalog(w io.Writer, c *indicators.Catalog) error {
	out := encCatalog{Catalog: encHeader{Name: c.Name}}
	for _, a := range c.Axes {
		out.Axis = append(out.Axis, encAxis(a))
	}
	for _, p := range c.Priorities {
		out.Priority = append(out.Priority, encPriority(p))
	}
	for _, o := range c.Objectives {
		out.Objective = append(out.Objective, encodeObjective(o))
	}
	if err := toml.NewEncoder(w).Encode(out); err != nil {
		return fmt.Errorf("encode catalog: %w", err)
	}
	return nil
}

type encCatalog struct {
	Catalog   encHeader      `toml:"catalog"`
	Axis      []encAxis      `toml:"axis,omitempty"`
	Priority  []encPriority  `toml:"priority,omitempty"`
	Objective []encObjective `toml:"objective,omitempty"`
}

type encHeader struct {
	Name string `toml:"name,omitempty"`
}

type encAxis struct {
	ID    int    `toml:"id"`
	Name  string `toml:"name"`
	Title string `toml:"title,omitempty"`
}

type encPriority struct {
	ID    int    `toml:"id"`
	Axis  int    `toml:"axis"`
	Title string `toml:"title,omitempty"`
}

type encObjective struct {
	ID         string         `toml:"id"`
	Title      string         `toml:"title"`
	Owners     []string       `toml:"owners,omitempty"`
	TargetText string         `toml:"target_text,omitempty"`
	Indicator  []encIndicator `toml:"indicator,omitempty"`
}

type encIndicator struct {
	ID         string         `toml:"id"`
	Name       string         `toml:"name"`
	Kind       string         `toml:"kind"`
	Unit       string         `toml:"unit"`
	UnitLabel  string         `toml:"unit_label,omitempty"`
	Direction  string         `toml:"direction"`
	Input      string         `toml:"input,omitempty"`
	Period     string         `toml:"period,omitempty"`
	Cadence    string         `toml:"cadence,omitempty"`
	StaleAfter float64        `toml:"stale_after"`
	Shape      string         `toml:"shape"`
	Dimensions []string       `toml:"dimensions,omitempty"`
	Source     string         `toml:"source,omitempty"`
	Notes      string         `toml:"notes,omitempty"`
	Baseline   encAnchor      `toml:"baseline"`
	Tolerance  encTolerance   `toml:"tolerance"`
	Milestone  []encMilestone `toml:"milestone"`
	Plan       []encAnchor    `toml:"plan,omitempty"`
}

type encAnchor struct {
	Value float64 `toml:"value"`
	Date  string  `toml:"date"`
}

type encTolerance struct {
	AtRisk   float64 `toml:"at_risk"`
	OffTrack float64 `toml:"off_track"`
}

type encMilestone struct {
	Value        *float64 `toml:"value,omitempty"`
	Deadline     string   `toml:"deadline"`
	DeadlineText string   `toml:"deadline_text,omitempty"`
}

func encodeObjective(o indicators.Objective) encObjective {
	e := encObjective{ID: o.ID, Title: o.Title, Owners: o.Owners, TargetText: o.TargetText}
	for _, ind := range o.Indicators {
		e.Indicator = append(e.Indicator, encodeIndicator(ind))
	}
	return e
}

func encodeIndicator(ind indicators.Indicator) encIndicator {
	e := encIndicator{
		ID: ind.ID, Name: ind.Name, Kind: string(ind.Kind), Unit: ind.Unit, UnitLabel: ind.UnitLabel,
		Direction: string(ind.Direction), Input: string(ind.Input),
		Period: encDuration(ind.Period), Cadence: encDuration(ind.Cadence), StaleAfter: ind.StaleAfter,
		Shape: string(ind.Shape), Dimensions: ind.Dimensions, Source: ind.Source, Notes: ind.Notes,
		Baseline: encAnchor{Value: ind.Baseline.Value, Date: day(ind.Baseline.Date)}, Tolerance: encTolerance(ind.Tolerance),
	}
	for _, m := range ind.Milestones {
		e.Milestone = append(e.Milestone, encMilestone{Value: m.Value, Deadline: day(m.Deadline), DeadlineText: m.DeadlineText})
	}
	for _, a := range ind.Plan {
		e.Plan = append(e.Plan, encAnchor{Value: a.Value, Date: day(a.Date)})
	}
	return e
}

func encDuration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == 0:
		return ""
	case d%day == 0:
		return fmt.Sprintf("%dd", d/day)
	}
	return d.String()
}
