package catalogfile

import (
	"fmt"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// baseline reads the baseline table; value defaults to 0 and date to the
// file's defaults.baseline_date.
func (c *checker) baseline(path string, f anchorFile, d defaults) indicators.Anchor {
	a := indicators.Anchor{Date: d.baselineDate}
	if v, ok := c.optNumber(path+".value", f.Value); ok {
		a.Value = v
	}
	if f.Date.Set {
		if t, ok := c.Date(path+".date", f.Date); ok {
			a.Date = t
		}
	}
	return a
}

// milestones reads the [[milestone]] tables. Whether a value is required
// (kinds level and rate) or refused (kind milestone) is checked with the
// indicator's other rules.
func (c *checker) milestones(p string, fs []milestoneFile) []indicators.Milestone {
	if len(fs) == 0 {
		return nil
	}
	out := make([]indicators.Milestone, len(fs))
	for i, f := range fs {
		mp := fmt.Sprintf("%s.milestone[%d]", p, i)
		out[i].DeadlineText = c.Str(mp+".deadline_text", f.DeadlineText, "")
		if c.Required(mp+".deadline", f.Deadline) {
			out[i].Deadline, _ = c.Date(mp+".deadline", f.Deadline)
		}
		if v, ok := c.optNumber(mp+".value", f.Value); ok {
			out[i].Value = &v
		}
	}
	return out
}

// plan reads the explicit plan points; their order and span, and whether
// the shape takes them, are checked with the indicator's other rules.
func (c *checker) plan(path string, fs []anchorFile) []indicators.Anchor {
	if len(fs) == 0 {
		return nil
	}
	out := make([]indicators.Anchor, len(fs))
	for i, f := range fs {
		pp := fmt.Sprintf("%s[%d]", path, i)
		if c.Required(pp+".value", f.Value) {
			out[i].Value, _ = c.Number(pp+".value", f.Value)
		}
		if c.Required(pp+".date", f.Date) {
			out[i].Date, _ = c.Date(pp+".date", f.Date)
		}
	}
	return out
}

// day formats a date as the files write it.
func day(t time.Time) string { return t.Format(tomlcheck.DateLayout) }
