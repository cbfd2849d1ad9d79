package catalogfile

import "github.com/jalonhq/jalon/indicators"

// classify reads the keys that say how an indicator is read: kind, unit,
// direction, shape, and for rates, input and period. Whether the values are
// known and fit together is a rule of the indicator (Validate), checked once
// the whole indicator is read.
func (c *checker) classify(p string, f indicatorFile, ind *indicators.Indicator) {
	ind.Kind = indicators.Kind(c.requiredStr(p+".kind", f.Kind))
	if ind.Kind == indicators.KindMilestone {
		ind.Unit = c.Str(p+".unit", f.Unit, "done") // the only unit it may have
	} else {
		ind.Unit = c.requiredStr(p+".unit", f.Unit)
	}
	ind.Direction = indicators.Direction(c.Str(p+".direction", f.Direction, string(indicators.Increase)))
	ind.Shape = indicators.Shape(c.Str(p+".shape", f.Shape, string(indicators.ShapeLinear)))
	input := ""
	if ind.Kind == indicators.KindRate {
		input = string(indicators.InputRate)
	}
	ind.Input = indicators.Input(c.Str(p+".input", f.Input, input))
	// Without a period, the engine counts periods of one cadence.
	ind.Period = c.Duration(p+".period", f.Period, 0)
}

// requiredStr returns the string at path, which must be set.
func (c *checker) requiredStr(path string, v value) string {
	if !c.Required(path, v) {
		return ""
	}
	return c.Str(path, v, "")
}
