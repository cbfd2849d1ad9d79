package catalogfile

import (
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// defaults are a catalog file's [defaults], filled in with Jalon's own.
type defaults struct {
	tolerance    indicators.Tolerance
	staleAfter   float64
	cadence      time.Duration // 0 when the file sets none
	baselineDate time.Time
}

// defaultBaselineDate is the start of the roadmap 2023-2027.
func defaultBaselineDate() time.Time { return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC) }

func (c *checker) defaults(f defaultsFile) defaults {
	d := defaults{
		tolerance:    c.tolerance("defaults.tolerance", f.Tolerance, indicators.DefaultTolerance),
		staleAfter:   c.staleAfter("defaults.stale_after", f.StaleAfter, indicators.DefaultStaleAfter),
		cadence:      c.Duration("defaults.cadence", f.Cadence, 0),
		baselineDate: defaultBaselineDate(),
	}
	if f.BaselineDate.Set {
		if t, ok := c.Date("defaults.baseline_date", f.BaselineDate); ok {
			d.baselineDate = t
		}
	}
	c.report("defaults.tolerance", d.tolerance.Validate())
	return d
}

// indicator checks one [[objective.indicator]] at path p.
func (c *checker) indicator(p string, f indicatorFile, d defaults) indicators.Indicator {
	ind := indicators.Indicator{
		ID:         c.SnakeID(p+".id", f.ID),
		Name:       c.requiredStr(p+".name", f.Name),
		UnitLabel:  c.Str(p+".unit_label", f.UnitLabel, ""),
		Tolerance:  c.tolerance(p+".tolerance", f.Tolerance, d.tolerance),
		StaleAfter: c.staleAfter(p+".stale_after", f.StaleAfter, d.staleAfter),
		Cadence:    c.Duration(p+".cadence", f.Cadence, d.cadence),
		Dimensions: c.dimensions(p+".dimensions", f.Dimensions),
		Source:     c.Str(p+".source", f.Source, ""),
		Notes:      c.Str(p+".notes", f.Notes, ""),
	}
	c.classify(p, f, &ind)
	ind.Baseline = c.baseline(p+".baseline", f.Baseline, d)
	ind.Milestones = c.milestones(p, f.Milestone)
	ind.Plan = c.plan(p+".plan", f.Plan)
	c.rules(p, f, &ind)
	return ind
}

// tolerance reads a tolerance table; keys it leaves out come from def.
func (c *checker) tolerance(path string, f toleranceFile, def indicators.Tolerance) indicators.Tolerance {
	if !f.set() {
		return def
	}
	t := def
	if v, ok := c.optNumber(path+".at_risk", f.AtRisk); ok {
		t.AtRisk = v
	}
	if v, ok := c.optNumber(path+".off_track", f.OffTrack); ok {
		t.OffTrack = v
	}
	return t
}

func (f toleranceFile) set() bool { return f.AtRisk.Set || f.OffTrack.Set }

func (c *checker) staleAfter(path string, v value, def float64) float64 {
	f, ok := c.optNumber(path, v)
	if !ok {
		return def
	}
	if f <= 0 {
		c.Errorf(path, "must be positive, not %g", f)
	}
	return f
}

// optNumber returns the number at path if it is set and valid.
func (c *checker) optNumber(path string, v value) (float64, bool) {
	if !v.Set {
		return 0, false
	}
	return c.Number(path, v)
}

// dimensions reads label names, each once.
func (c *checker) dimensions(path string, v value) []string {
	return c.UniqueStrings(path, v, func(p, n string) bool {
		if !tomlcheck.IsName(n, true) {
			c.Errorf(p, "%q is not a label name ([a-z_][a-z0-9_]*)", n)
			return false
		}
		return true
	})
}
