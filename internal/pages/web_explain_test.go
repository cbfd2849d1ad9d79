package pages

import (
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestExplainWorkedExample explains the worked example of
// docs/trajectory.md §9 and finds in the words every figure that page
// computes by hand.
func TestExplainWorkedExample(t *testing.T) {
	v250, v400 := 250.0, 400.0
	ind := &indicators.Indicator{ID: "docs", Kind: indicators.KindRate, Unit: "per_year", Direction: indicators.Increase,
		Input: indicators.InputRate, Cadence: 90 * 24 * time.Hour,
		Baseline: indicators.Anchor{Value: 100, Date: day("2022-12-31")},
		Milestones: []indicators.Milestone{
			{Value: &v250, Deadline: day("2023-12-31"), DeadlineText: "fin 2023"},
			{Value: &v400, Deadline: day("2026-12-31"), DeadlineText: "fin 2026"},
		}}
	pts := []indicators.Point{{Time: day("2023-12-31"), Value: 243}, {Time: day("2024-06-30"), Value: 252},
		{Time: day("2024-12-31"), Value: 272}, {Time: day("2025-03-31"), Value: 298}, {Time: day("2025-06-30"), Value: 315}}
	e := indicators.Evaluate(ind, pts, day("2025-08-15"))
	var text strings.Builder
	for _, s := range explainEvaluation(&lang{Code: "en"}, ind, e, pts) {
		text.WriteString(string(s) + "\n")
	}
	got := text.String()
	for _, want := range []string{
		"milestone 2 of 2: 400 a year by 2026-12-31",
		"Milestone 1 (250 a year by 2023-12-31) was missed",
		"547 of its 1096 days have passed, so E = 250 + (400 − 250) × 547 / 1096 = 324.86 a year",
		"Today the plan is at 331.16 a year",
		"gap = (315 − 324.86) / 150 = −0.0658",
		"status is At risk",
		"46 days old",
		"(315 − 100) / (400 − 100) = 71.7%",
		"gives 393.84 a year on 2026-12-31",
		"549 days after the latest actual",
		"from 368.55 a year to 419.14 a year (standard error 15.44, times 1.638, the 90th percentile of Student's t law on 3 degrees of freedom)",
		"P = T3((393.84 − 400) / 15.44) = 0.358",
		"0.3 ≤ P < 0.6: the delivery confidence is Amber/red",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("explanation lacks %q; it reads:\n%s", want, got)
		}
	}
}

// TestExplainSparse: the explanation names what the engine does not know —
// a milestone nobody measured, a forecast it will not make and why, and a
// stale series' last judgement.
func TestExplainSparse(t *testing.T) {
	v250, v400 := 250.0, 400.0
	ind := &indicators.Indicator{ID: "docs", Kind: indicators.KindLevel, Unit: "count", Direction: indicators.Increase,
		Cadence: 90 * 24 * time.Hour, Baseline: indicators.Anchor{Value: 100, Date: day("2022-12-31")},
		Milestones: []indicators.Milestone{
			{Value: &v250, Deadline: day("2023-12-31"), DeadlineText: "fin 2023"},
			{Value: &v400, Deadline: day("2026-12-31"), DeadlineText: "fin 2026"},
		}}
	cases := []struct {
		name string
		pts  []indicators.Point
		now  string
		want []string
	}{
		{"first figure long after the first deadline", []indicators.Point{{Time: day("2025-06-30"), Value: 300}}, "2025-07-15", []string{
			"Milestone 1 (250 by 2023-12-31) is unverified: no figure near its deadline shows whether it was met.",
			"There is no forecast: 1 figure in the two years to the latest: a forecast needs at least 3. The delivery confidence is Too few figures.",
		}},
		{"stale", []indicators.Point{{Time: day("2024-06-30"), Value: 260}, {Time: day("2024-09-30"), Value: 270}}, "2025-06-30", []string{
			"Stale since 2024-09-30; last judged At risk (270 against 287.50 planned).",
			"There is no forecast: 2 figures in the two years to the latest: a forecast needs at least 3.",
		}},
	}
	for _, c := range cases {
		e := indicators.Evaluate(ind, c.pts, day(c.now))
		var text strings.Builder
		for _, s := range explainEvaluation(&lang{Code: "en"}, ind, e, c.pts) {
			text.WriteString(string(s) + "\n")
		}
		for _, want := range c.want {
			if !strings.Contains(text.String(), want) {
				t.Errorf("%s: explanation lacks %q; it reads:\n%s", c.name, want, text.String())
			}
		}
	}
}

func TestNumbers(t *testing.T) {
	count := &indicators.Indicator{Kind: indicators.KindLevel, Unit: "count", Milestones: []indicators.Milestone{{Value: ptr(4e8)}}}
	rate := &indicators.Indicator{Kind: indicators.KindRate, Unit: "per_year", Input: indicators.InputCount, Milestones: []indicators.Milestone{{Value: ptr(4e8)}}}
	small := &indicators.Indicator{Kind: indicators.KindLevel, Unit: "count", Milestones: []indicators.Milestone{{Value: ptr(12000)}}}
	pct := &indicators.Indicator{Kind: indicators.KindLevel, Unit: "percent"}
	ratio := &indicators.Indicator{Kind: indicators.KindLevel, Unit: "ratio"}
	done := &indicators.Indicator{Kind: indicators.KindMilestone, Unit: "done"}
	months := &indicators.Indicator{Kind: indicators.KindLevel, Unit: "months", Direction: indicators.Decrease}
	tests := []struct {
		name string
		lang string
		got  func(l *lang) string
		want string
	}{
		{"millions", "en", func(l *lang) string { return l.numbers(count).Value(243.14e6) }, "243 million"},
		{"millions in French", "fr", func(l *lang) string { return l.numbers(count).Value(243.14e6) }, "243 millions"},
		{"one and a half million", "fr", func(l *lang) string { return l.numbers(count).Value(1.5e6) }, "1,5 million"},
		{"exact", "en", func(l *lang) string { return l.numbers(count).Exact(324.8631e6) }, "324.86 million"},
		{"rate", "en", func(l *lang) string { return l.numbers(rate).Value(2.5e8) }, "250 million a year"},
		{"count of a rate", "en", func(l *lang) string { return l.numbers(rate).Raw(2.1e7) }, "21 million"},
		{"grouped", "en", func(l *lang) string { return l.numbers(small).Value(11250) }, "11,250"},
		{"grouped in French", "fr", func(l *lang) string { return l.numbers(small).Value(11250) }, "11\u202f250"},
		// Grouped like five digits, so that "7,143" and "10,000" read alike in one row.
		{"four digits", "en", func(l *lang) string { return l.numbers(small).Value(1116) }, "1,116"},
		{"four digits in French", "fr", func(l *lang) string { return l.numbers(small).Value(8210) }, "8\u202f210"},
		{"one month", "en", func(l *lang) string { return l.numbers(months).Value(1) }, "1 month"},
		{"percent", "en", func(l *lang) string { return l.numbers(pct).Value(41.5) }, "41.5%"},
		{"percent in French", "fr", func(l *lang) string { return l.numbers(pct).Value(41.5) }, "41,5\u202f%"},
		{"ratio", "en", func(l *lang) string { return l.numbers(ratio).Value(0.425) }, "42.5%"},
		{"done", "en", func(l *lang) string { return l.numbers(done).Value(1) }, "done"},
		{"progress", "en", func(l *lang) string { return l.numbers(done).Value(0.6) }, "60% progress"},
		{"months", "fr", func(l *lang) string { return l.numbers(months).Value(-2.5) }, "−2,5 mois"},
		{"unknown", "en", func(l *lang) string { return l.numbers(pct).Value(nan()) }, "—"},
		{"tick", "en", func(l *lang) string { return l.numbers(count).Tick(4e8) }, "400M"},
		{"tick billions in French", "fr", func(l *lang) string { return l.numbers(count).Tick(1.5e9) }, "1,5Md"},
		{"probability", "en", func(l *lang) string { return l.probIs(0.3449) }, "= 0.345"},
		{"probability near zero", "en", func(l *lang) string { return l.probIs(1e-9) }, "< 0.001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &lang{Code: tt.lang}
			if tt.lang == "fr" {
				l.dict = frenchMessages
			}
			if got := tt.got(l); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
