package config

import (
	"maps"
	"slices"
	"strings"

	"github.com/jalonhq/jalon/indicators"
)

// classify reads the keys that say how an indicator is read: kind, unit,
// direction, shape, and for rates, input and period. A key left invalid is
// the zero value, which later checks skip.
func (c *checker) classify(p string, f indicatorFile, ind *indicators.Indicator) {
	if c.required(p+".kind", f.Kind) {
		ind.Kind = indicators.Kind(c.oneOf(p+".kind", f.Kind, "", "level", "rate", "milestone"))
	}
	ind.Unit = c.unit(p+".unit", f.Unit, ind.Kind)
	ind.Direction = indicators.Direction(c.oneOf(p+".direction", f.Direction, "increase", "increase", "decrease"))
	ind.Shape = indicators.Shape(c.oneOf(p+".shape", f.Shape, "linear", "linear", "s-curve", "step", "plan"))
	if ind.Kind != indicators.KindRate {
		c.notApplicable(p+".input", f.Input, `kind = "rate"`)
		c.notApplicable(p+".period", f.Period, `kind = "rate" with input = "count"`)
		return
	}
	ind.Input = indicators.Input(c.oneOf(p+".input", f.Input, "rate", "rate", "count"))
	if ind.Input != indicators.InputCount {
		c.notApplicable(p+".period", f.Period, `input = "count"`)
		return
	}
	// Without a period, the engine counts periods of one cadence.
	ind.Period = c.duration(p+".period", f.Period, 0)
}

// unit reads a unit of indicators.Units; kind milestone has unit done,
// which it may leave out.
func (c *checker) unit(path string, v value, kind indicators.Kind) string {
	units := slices.Sorted(maps.Keys(indicators.Units))
	if kind == indicators.KindMilestone {
		u := c.oneOf(path, v, "done", units...)
		if u != "" && u != "done" {
			c.errorf(path, `must be "done" for kind = "milestone", not %q`, u)
		}
		return u
	}
	if !c.required(path, v) {
		return ""
	}
	return c.oneOf(path, v, "", units...)
}

// oneOf returns the string at path, which must be one of allowed, or def if
// it is not set. It returns "" for a value that is not allowed.
func (c *checker) oneOf(path string, v value, def string, allowed ...string) string {
	if !v.set {
		return def
	}
	s := c.str(path, v, "")
	if _, isStr := v.raw.(string); !isStr {
		return ""
	}
	if !slices.Contains(allowed, s) {
		c.errorf(path, "unknown %s %q (one of %s)", lastKey(path), s, strings.Join(allowed, ", "))
		return ""
	}
	return s
}

// notApplicable reports a key set where it means nothing.
func (c *checker) notApplicable(path string, v value, where string) {
	if v.set {
		c.errorf(path, "applies only to %s", where)
	}
}

func lastKey(path string) string {
	return path[strings.LastIndexByte(path, '.')+1:]
}
