package catalogfile

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// indicatorOK is a valid indicator, lines 4 to 12 of a case after its
// objective's three lines.
const indicatorOK = `  [[objective.indicator]]
  id = "docs"
  name = "Documents"
  kind = "level"
  unit = "count"

    [[objective.indicator.milestone]]
    value = 10
    deadline = "2024-12-31"
`

type problemCase struct {
	name string
	toml string
	want []string
}

// catalogProblemCases each give one bad file, parsed after testdata/base.toml
// (axis 1, priority 1), and the exact problems expected.
func catalogProblemCases() []problemCase {
	return []problemCase{
		{"unknown key", "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\ncolour = \"red\"\n",
			[]string{`bad.toml:4: objective.colour: unknown key`}},
		{"unknown table reported once", "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\n" + indicatorOK + "  [objective.indicator.extra]\n  a = 1\n  b = 2\n",
			[]string{`bad.toml:13: objective.indicator.extra: unknown key`}},
		{"unknown key in inline table", "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\n" +
			strings.Replace(indicatorOK, `kind = "level"`, `kind = "level"`+"\n  tolerance = { at_risk = 0.1, offtrack = 0.2 }", 1),
			[]string{`bad.toml:8: objective.indicator.tolerance.offtrack: unknown key`}},
		{"duplicate objective id", "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\n\n[[objective]]\nid = \"1-1\"\ntitle = \"U\"\n",
			[]string{`bad.toml:6: objective.id: duplicate objective id "1-1" (first at line 2)`}},
		{"duplicate indicator id across objectives", "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\n" + indicatorOK +
			"\n[[objective]]\nid = \"1-2\"\ntitle = \"U\"\n" + indicatorOK,
			[]string{`bad.toml:18: objective.indicator.id: duplicate indicator id "docs" (first at line 5)`}},
		{"name with a line break", "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\n" + strings.Replace(indicatorOK, `"Documents"`, `"Docu\u2028ments"`, 1),
			[]string{`bad.toml:6: objective.indicator.name: contains a line break (U+2028) at byte 4`}},
		{"objective id form", "[[objective]]\nid = \"1.1\"\ntitle = \"T\"\n",
			[]string{`bad.toml:2: objective.id: "1.1" is not an objective id of the form "<priority>-<n>" such as "1-1"`}},
		{"unknown priority", "[[objective]]\nid = \"9-1\"\ntitle = \"T\"\n",
			[]string{`bad.toml:2: objective.id: unknown priority 9: no [[priority]] has id = 9`}},
		{"unknown axis of a priority", "[[priority]]\nid = 2\naxis = 7\n",
			[]string{`bad.toml:3: priority.axis: unknown axis 7: no [[axis]] has id = 7`}},
		{"deadlines out of order", objective(`    [[objective.indicator.milestone]]
    value = 20
    deadline = "2024-06-30"
`), []string{`bad.toml:16: objective.indicator.milestone.deadline: 2024-06-30 is not after the previous deadline 2024-12-31`}},
		{"milestone below previous anchor", objective(`    [[objective.indicator.milestone]]
    value = 5
    deadline = "2025-12-31"
`), []string{`bad.toml:15: objective.indicator.milestone.value: 5 is below the previous anchor 10, against direction "increase"`}},
		{"decrease target above baseline", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  direction = \"decrease\"\n  baseline = { value = 6 }", 1),
			[]string{`bad.toml:13: objective.indicator.milestone.value: 10 is above the previous anchor 6, against direction "decrease"`}},
		{"no target moves", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  baseline = { value = 10 }", 1),
			[]string{`bad.toml:12: objective.indicator.milestone.value: no target moves from the baseline 10 in direction "increase"`}},
		{"unknown unit kind shape direction input", strings.NewReplacer(`kind = "level"`, "kind = \"gauge\"\n  shape = \"curve\"\n  direction = \"up\"\n  input = \"sum\"",
			`unit = "count"`, `unit = "kg"`).Replace(objective("")), []string{
			`bad.toml:7: objective.indicator.kind: unknown kind "gauge" (one of level, rate, milestone)`,
			`bad.toml:8: objective.indicator.shape: unknown shape "curve" (one of linear, s-curve, step, plan)`,
			`bad.toml:9: objective.indicator.direction: unknown direction "up" (one of increase, decrease)`,
			`bad.toml:10: objective.indicator.input: applies only to kind = "rate", or "cumulative" to kind = "level" (a running total that cannot fall)`,
			`bad.toml:11: objective.indicator.unit: unknown unit "kg" (one of count, days, done, euros, months, per_year, percent, ratio)`,
		}},
		{"unknown input of a rate", strings.Replace(objective(""), `kind = "level"`, "kind = \"rate\"\n  input = \"sum\"", 1),
			[]string{`bad.toml:8: objective.indicator.input: unknown input "sum" (one of rate, count, cumulative)`}},
		{"period without count input", strings.Replace(objective(""), `kind = "level"`, "kind = \"rate\"\n  period = \"30d\"", 1),
			[]string{`bad.toml:8: objective.indicator.period: applies only to input = "count"`}},
		{"negative count", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  direction = \"decrease\"\n  baseline = { value = -1 }", 1),
			[]string{
				`bad.toml:9: objective.indicator.baseline.value: value -1 is negative, unit count`,
				`bad.toml:13: objective.indicator.milestone.value: 10 is above the previous anchor -1, against direction "decrease"`,
			}},
		{"baseline after first deadline", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  baseline = { value = 1, date = \"2025-01-01\" }", 1),
			[]string{`bad.toml:8: objective.indicator.baseline.date: 2025-01-01 is not before the first deadline 2024-12-31`}},
		{"default baseline date after first deadline", strings.Replace(objective(""), `"2024-12-31"`, `"2022-12-31"`, 1),
			[]string{`bad.toml:4: objective.indicator.baseline.date: the default baseline date 2023-01-01 is not before the first deadline 2022-12-31; set baseline.date`}},
		{"kind milestone with a value", strings.NewReplacer(`kind = "level"`, `kind = "milestone"`, "  unit = \"count\"\n", "").Replace(objective("")),
			[]string{`bad.toml:10: objective.indicator.milestone.value: a milestone of kind = "milestone" takes no value`}},
		{"kind milestone with another unit", strings.Replace(objective(""), `kind = "level"`, `kind = "milestone"`, 1),
			[]string{
				`bad.toml:8: objective.indicator.unit: must be "done" for kind = "milestone", not "count"`,
				`bad.toml:11: objective.indicator.milestone.value: a milestone of kind = "milestone" takes no value`,
			}},
		{"level without value", strings.Replace(objective(""), "    value = 10\n", "", 1),
			[]string{`bad.toml:10: objective.indicator.milestone.value: required for kind = "level"`}},
		{"percent out of range", strings.NewReplacer(`unit = "count"`, `unit = "percent"`, "value = 10", "value = 120").Replace(objective("")),
			[]string{`bad.toml:11: objective.indicator.milestone.value: value 120 is above 100, unit percent`}},
		{"bad dates", objective(`    [[objective.indicator.milestone]]
    value = 20
    deadline = "31/12/2025"

    [[objective.indicator.milestone]]
    value = 30
    deadline = 2026-12-31T12:00:00Z
`), []string{
			`bad.toml:16: objective.indicator.milestone.deadline: "31/12/2025" is not a date (YYYY-MM-DD)`,
			`bad.toml:20: objective.indicator.milestone.deadline: must be a date (YYYY-MM-DD), not a date-time`,
		}},
		{"bad durations", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  cadence = \"3 months\"\n  stale_after = -1", 1),
			[]string{
				`bad.toml:8: objective.indicator.cadence: "3 months" is not a duration (Go units such as "36h" plus d and w: "90d", "2w")`,
				`bad.toml:9: objective.indicator.stale_after: must be positive, not -1`,
			}},
		{"indicator id not snake_case", strings.Replace(objective(""), `id = "docs"`, `id = "MesDocs"`, 1),
			[]string{`bad.toml:5: objective.indicator.id: "MesDocs" is not a snake_case id ([a-z][a-z0-9_]*)`}},
		{"dimension names", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  dimensions = [\"region\", \"Région\", \"region\"]", 1),
			[]string{
				`bad.toml:8: objective.indicator.dimensions[1]: "Région" is not a label name ([a-z_][a-z0-9_]*)`,
				`bad.toml:8: objective.indicator.dimensions[2]: "region" is listed twice (first at index 0)`,
			}},
		{"tolerance order", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  tolerance = { at_risk = 0.3, off_track = 0.2 }", 1),
			[]string{`bad.toml:8: objective.indicator.tolerance.off_track: 0.2 must be greater than at_risk 0.3`}},
		{"defaults tolerance reported once, not per indicator", "[defaults]\ntolerance = { at_risk = 0.2, off_track = 0.1 }\n\n" + objective(""),
			[]string{`bad.toml:2: defaults.tolerance.off_track: 0.1 must be greater than at_risk 0.2`}},
		{"tolerance zero", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  tolerance = { at_risk = 0 }", 1),
			[]string{`bad.toml:8: objective.indicator.tolerance.at_risk: must be positive, not 0`}},
		{"plan outside span", strings.Replace(objective(""), `kind = "level"`,
			"kind = \"level\"\n  shape = \"plan\"\n  plan = [\n    { date = \"2024-06-30\", value = 4 },\n    { date = \"2025-06-30\", value = 8 },\n  ]", 1),
			[]string{`bad.toml:11: objective.indicator.plan[1].date: 2025-06-30 is outside the span from the baseline 2023-01-01 to the last deadline 2024-12-31`}},
		{"plan point of a one-line array", strings.Replace(objective(""), `kind = "level"`,
			"kind = \"level\"\n  shape = \"plan\"\n  plan = [ { date = \"2023-06-30\", value = 4 }, { date = \"2024-01-01\", value = 6 }, { date = \"2024-06-30\" } ]", 1),
			[]string{`bad.toml:9: objective.indicator.plan[2].value: required key missing`}},
		{"element of an array on lines of its own", strings.Replace(objective(""), `kind = "level"`,
			"kind = \"level\"\n  dimensions = [\n    \"region\",\n    5,\n  ]", 1),
			[]string{`bad.toml:10: objective.indicator.dimensions[1]: must be a string, not an integer`}},
		{"missing keys and wrong types", "[[objective]]\nid = \"1-1\"\ntitle = 5\n  [[objective.indicator]]\n  id = \"docs\"\n",
			[]string{
				`bad.toml:3: objective.title: must be a string, not integer`,
				`bad.toml:4: objective.indicator.name: required key missing`,
				`bad.toml:4: objective.indicator.kind: required key missing`,
				`bad.toml:4: objective.indicator.unit: required key missing`,
				`bad.toml:4: objective.indicator.milestone: an indicator needs at least one milestone`,
			}},
		{"value instead of a table", "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\nindicator = 3\n",
			[]string{`bad.toml:4: objective.indicator: want an array of tables ([[objective.indicator]]), got an integer`}},
		{"syntax error keeps its line and column", "[[objective]]\nid = \"1-1\"\ntitle = \"T\n",
			[]string{`bad.toml:3: objective.title: strings cannot contain newlines (column 11)`}},
		{"axis without a name, priority without an axis", "[[axis]]\nid = 2\n\n[[priority]]\nid = 3\n",
			[]string{`bad.toml:1: axis.name: required key missing`, `bad.toml:4: priority.axis: required key missing`}},
		{"plan without shape plan", strings.Replace(objective(""), `kind = "level"`, "kind = \"level\"\n  plan = [{ date = \"2024-06-30\", value = 4 }]", 1),
			[]string{`bad.toml:8: objective.indicator.plan: applies only to shape = "plan"`}},
	}
}

// objective returns objective 1-1 with indicatorOK and then extra.
func objective(extra string) string {
	return "[[objective]]\nid = \"1-1\"\ntitle = \"T\"\n" + indicatorOK + "\n" + extra
}

func TestParseCatalogProblems(t *testing.T) {
	base, err := os.ReadFile("testdata/base.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range catalogProblemCases() {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCatalog(tomlcheck.Source{Name: "base.toml", Data: base}, tomlcheck.Source{Name: "bad.toml", Data: []byte(tc.toml)})
			var probs tomlcheck.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("ParseCatalog() error = %v, want Problems", err)
			}
			if got, want := err.Error(), strings.Join(tc.want, "\n"); got != want {
				t.Errorf("ParseCatalog() problems:\n%s\nwant:\n%s", got, want)
			}
			checkLines(t, tc.toml, probs)
		})
	}
}

// checkLines checks that each problem's line exists and names a part of its
// key: the key itself, or the table header it is missing from.
func checkLines(t *testing.T, src string, probs tomlcheck.Problems) {
	t.Helper()
	lines := strings.Split(src, "\n")
	for _, p := range probs {
		if p.Line < 1 || p.Line > len(lines) {
			t.Errorf("problem %q: line %d is not in the file", p, p.Line)
			continue
		}
		parts := strings.Split(p.Key, ".")
		for i, part := range parts {
			parts[i], _, _ = strings.Cut(part, "[") // scopes[1]: the line names scopes
		}
		element := strings.HasSuffix(p.Key, "]") // on a line of its own, with no key
		if p.Key != "" && !element && !containsAny(lines[p.Line-1], parts) {
			t.Errorf("problem %q: line %d %q names no part of the key", p, p.Line, lines[p.Line-1])
		}
	}
}

func containsAny(s string, parts []string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
