package pages

import (
	"math"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

// numFmt formats the values of one indicator in one language: short forms
// for tables ("243 million"), precise forms for worked calculations
// ("324.86 million") and compact forms for chart ticks ("400M"). Counts,
// rates and amounts of millions are written in millions throughout a page,
// so that a calculation reads with one scale.
type numFmt struct {
	l     *lang
	ind   *indicators.Indicator
	scale float64 // 1, 1e6 or 1e9
}

func (l *lang) numbers(ind *indicators.Indicator) numFmt {
	f := numFmt{l: l, ind: ind, scale: 1}
	if ind.Kind == indicators.KindMilestone || !ind.Additive() && ind.Unit != "" {
		return f
	}
	top := math.Abs(ind.Baseline.Value)
	for i := range ind.Milestones {
		top = math.Max(top, math.Abs(ind.TargetValue(i)))
	}
	switch {
	case top >= 1e9:
		f.scale = 1e9
	case top >= 1e7:
		f.scale = 1e6 // below ten million, plain numbers read better: 150,000
	}
	return f
}

// Value is the short form of v with its unit, "—" when v is unknown.
func (f numFmt) Value(v float64) string { return f.format(v, f.l.short) }

// Raw is the short form of a value as pushed: for a rate built from counts,
// a count of one period rather than a rate.
func (f numFmt) Raw(v float64) string {
	if derivedRate(f.ind) {
		return f.large(v, f.l.short)
	}
	return f.Value(v)
}

// Exact is the precise form of v with its unit, for calculations.
func (f numFmt) Exact(v float64) string { return f.format(v, f.l.precise) }

// Bare is the precise form of v in the page's scale, without unit, for the
// terms of a calculation.
func (f numFmt) Bare(v float64) string {
	switch {
	case f.ind.Kind == indicators.KindMilestone || f.ind.Unit == "ratio":
		return f.l.precise(v * 100)
	case f.scale > 1:
		return f.l.precise(v / f.scale)
	}
	return f.l.precise(v)
}

// Tick is the compact form of v for an axis label.
func (f numFmt) Tick(v float64) string {
	switch {
	case f.ind.Kind == indicators.KindMilestone || f.ind.Unit == "ratio":
		return f.l.short(v*100) + "%"
	case f.ind.Unit == "percent":
		return f.l.short(v) + "%"
	case math.Abs(v) >= 1e9:
		return f.l.short(v/1e9) + f.l.T("B")
	case math.Abs(v) >= 1e6:
		return f.l.short(v/1e6) + "M"
	case math.Abs(v) >= 1e4:
		return f.l.short(v/1e3) + "k"
	}
	return f.l.short(v)
}

func (f numFmt) format(v float64, digits func(float64) string) string {
	l := f.l
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	if f.ind.Kind == indicators.KindMilestone {
		switch {
		case v >= 1:
			return l.T("done")
		case v <= 0:
			return l.T("not done")
		}
		return l.F("%s progress", digits(v*100)+l.percentSign())
	}
	return f.unit().FormatDigits(v, digits)
}

// unit is the indicator's unit in the page's language and scale.
func (f numFmt) unit() indicators.Unit {
	return indicators.Unit{Name: f.ind.Unit, Lang: indicators.Lang(f.l.Code), Scale: f.scale}
}

// large writes v in the page's scale: "243 million", "1.2 billion".
func (f numFmt) large(v float64, digits func(float64) string) string {
	return f.unit().Large(v, digits)
}

// UnitNote says in what the values are given ("documents a year").
func (f numFmt) UnitNote() string {
	what := f.ind.UnitLabel
	if f.ind.Kind == indicators.KindMilestone {
		return f.l.T("progress, from not done (0 %) to done (100 %)")
	}
	if what == "" {
		what = f.l.T(map[string]string{"percent": "percent", "ratio": "percent", "months": "months",
			"days": "days", "euros": "euros", "per_year": "a year"}[f.ind.Unit])
	} else if f.ind.Unit == "per_year" {
		what += " " + f.l.T("a year")
	}
	return what
}

// dayText writes a day as ISO 8601, read the same in both languages.
func dayText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format(time.DateOnly)
}

// wholeDays is the whole number of days in d.
func wholeDays(d time.Duration) int { return int(math.Round(d.Hours() / 24)) }
