package catalogfile

import (
	"strings"

	"github.com/jalonhq/jalon/indicators"
)

// rules reports the rules ind breaks (indicators.Indicator.Validate), each at
// the key and line of the field at fault under the indicator's path p. A
// tolerance the indicator inherits was checked with the file's [defaults],
// and a defaulted baseline date is named as such.
func (c *checker) rules(p string, f indicatorFile, ind *indicators.Indicator) {
	var errs []indicators.FieldError
	for _, e := range ind.Validate() {
		switch {
		case strings.HasPrefix(e.Field, "tolerance.") && !f.Tolerance.set():
			continue
		case e.Field == "baseline.date" && !f.Baseline.Date.Set:
			e.Msg = "the default baseline date " + e.Msg + "; set baseline.date"
		}
		errs = append(errs, e)
	}
	c.report(p, errs)
}

// report records each broken rule at prefix.field, except where the field's
// value could not be read: that key already has its problem, and the rule
// would only complain about the zero value left in its place.
func (c *checker) report(prefix string, errs []indicators.FieldError) {
	for _, e := range errs {
		if path := prefix + "." + e.Field; !c.Reported(path) {
			c.Errorf(path, "%s", e.Msg)
		}
	}
}
