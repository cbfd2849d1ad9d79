package config

import (
	"fmt"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// baseline reads the baseline table; value defaults to 0 and date to the
// file's defaults.baseline_date.
func (c *checker) baseline(path string, f anchorFile, d defaults) indicators.Anchor {
	a := indicators.Anchor{Date: d.baselineDate}
	if v, ok := c.optNumber(path+".value", f.Value); ok {
		a.Value = v
	}
	if f.Date.set {
		if t, ok := c.date(path+".date", f.Date); ok {
			a.Date = t
		}
	}
	return a
}

func (c *checker) milestones(p string, fs []milestoneFile, kind indicators.Kind) []indicators.Milestone {
	if len(fs) == 0 {
		c.errorf(p+".milestone", "an indicator needs at least one milestone")
		return nil
	}
	out := make([]indicators.Milestone, len(fs))
	for i, f := range fs {
		mp := fmt.Sprintf("%s.milestone[%d]", p, i)
		out[i].DeadlineText = c.str(mp+".deadline_text", f.DeadlineText, "")
		if c.required(mp+".deadline", f.Deadline) {
			out[i].Deadline, _ = c.date(mp+".deadline", f.Deadline)
		}
		out[i].Value = c.milestoneValue(mp+".value", f.Value, kind)
	}
	return out
}

// milestoneValue reads a milestone's value: required for kinds level and
// rate, refused for kind milestone (done or not done).
func (c *checker) milestoneValue(path string, v value, kind indicators.Kind) *float64 {
	switch {
	case kind == indicators.KindMilestone:
		if v.set {
			c.errorf(path, `a milestone of kind = "milestone" takes no value`)
		}
		return nil
	case !v.set:
		if kind != "" {
			c.errorf(path, "required for kind = %q", kind)
		}
		return nil
	}
	if f, ok := c.number(path, v); ok {
		return &f
	}
	return nil
}

// plan reads the explicit plan points of shape plan, in strictly increasing
// date order.
func (c *checker) plan(path string, fs []anchorFile, shape indicators.Shape) []indicators.Anchor {
	if shape != indicators.ShapePlan {
		if len(fs) > 0 {
			c.errorf(path, `applies only to shape = "plan"`)
		}
		return nil
	}
	if len(fs) == 0 {
		c.errorf(path, `required with shape = "plan"`)
		return nil
	}
	out := make([]indicators.Anchor, len(fs))
	var prev time.Time
	for i, f := range fs {
		pp := fmt.Sprintf("%s[%d]", path, i)
		if c.required(pp+".value", f.Value) {
			out[i].Value, _ = c.number(pp+".value", f.Value)
		}
		if c.required(pp+".date", f.Date) {
			out[i].Date, _ = c.date(pp+".date", f.Date)
		}
		if d := out[i].Date; !d.IsZero() {
			if !prev.IsZero() && !d.After(prev) {
				c.errorf(pp+".date", "%s is not after the previous plan date %s", day(d), day(prev))
			}
			prev = d
		}
	}
	return out
}

// day formats a date as the files write it.
func day(t time.Time) string { return t.Format(dateLayout) }
