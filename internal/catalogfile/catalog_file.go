package catalogfile

// The types below mirror the catalog TOML format key for key (see
// docs/catalog.md). Their leaves are raw values checked after decoding, so
// that one file yields all its problems at once.

type catalogFile struct {
	Catalog   catalogHeader   `toml:"catalog"`
	Defaults  defaultsFile    `toml:"defaults"`
	Axis      []axisFile      `toml:"axis"`
	Priority  []priorityFile  `toml:"priority"`
	Objective []objectiveFile `toml:"objective"`
}

type catalogHeader struct {
	Name value `toml:"name"`
}

type defaultsFile struct {
	Tolerance    toleranceFile `toml:"tolerance"`
	StaleAfter   value         `toml:"stale_after"`
	Cadence      value         `toml:"cadence"`
	BaselineDate value         `toml:"baseline_date"`
}

type toleranceFile struct {
	AtRisk   value `toml:"at_risk"`
	OffTrack value `toml:"off_track"`
}

type axisFile struct {
	ID    value `toml:"id"`
	Name  value `toml:"name"`
	Title value `toml:"title"`
}

type priorityFile struct {
	ID    value `toml:"id"`
	Axis  value `toml:"axis"`
	Title value `toml:"title"`
}

type objectiveFile struct {
	ID         value           `toml:"id"`
	Title      value           `toml:"title"`
	Owners     value           `toml:"owners"`
	TargetText value           `toml:"target_text"`
	Indicator  []indicatorFile `toml:"indicator"`
}

type indicatorFile struct {
	ID         value           `toml:"id"`
	Name       value           `toml:"name"`
	Kind       value           `toml:"kind"`
	Unit       value           `toml:"unit"`
	UnitLabel  value           `toml:"unit_label"`
	Direction  value           `toml:"direction"`
	Input      value           `toml:"input"`
	Period     value           `toml:"period"`
	Cadence    value           `toml:"cadence"`
	StaleAfter value           `toml:"stale_after"`
	Shape      value           `toml:"shape"`
	Dimensions value           `toml:"dimensions"`
	Baseline   anchorFile      `toml:"baseline"`
	Tolerance  toleranceFile   `toml:"tolerance"`
	Source     value           `toml:"source"`
	Notes      value           `toml:"notes"`
	Milestone  []milestoneFile `toml:"milestone"`
	Plan       []anchorFile    `toml:"plan"`
}

type anchorFile struct {
	Value value `toml:"value"`
	Date  value `toml:"date"`
}

type milestoneFile struct {
	Value        value `toml:"value"`
	Deadline     value `toml:"deadline"`
	DeadlineText value `toml:"deadline_text"`
}
