package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/assessment"
	"github.com/jalonhq/jalon/internal/golden"
	"github.com/jalonhq/jalon/store"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(v float64) *float64 { return &v }

// catalog is objective 1-1 of docs/trajectory.md's worked example, a share
// measured by region only, and an objective with no data.
func catalog() *indicators.Catalog {
	docs := indicators.Indicator{ID: "docs", Objective: "1-1", Name: "Documents | per year", Kind: indicators.KindRate,
		Unit: "per_year", Direction: indicators.Increase, Input: indicators.InputRate, Cadence: 90 * 24 * time.Hour,
		Baseline: indicators.Anchor{Value: 100, Date: date("2022-12-31")},
		Milestones: []indicators.Milestone{{Value: ptr(250), Deadline: date("2023-12-31"), DeadlineText: "fin 2023"},
			{Value: ptr(400), Deadline: date("2026-12-31"), DeadlineText: "fin 2026"}}}
	share := indicators.Indicator{ID: "share", Objective: "2-1", Name: "Établissements sensibilisés", Kind: indicators.KindLevel,
		Unit: "percent", Direction: indicators.Increase, Baseline: indicators.Anchor{Value: 0, Date: date("2024-01-01")},
		Milestones: []indicators.Milestone{{Value: ptr(80), Deadline: date("2026-01-01")}}, Dimensions: []string{"region"}}
	launch := indicators.Indicator{ID: "launch", Objective: "3-1", Name: "Lancement", Kind: indicators.KindMilestone,
		Unit: "done", Direction: indicators.Increase, Baseline: indicators.Anchor{Date: date("2024-01-01")},
		Milestones: []indicators.Milestone{{Deadline: date("2026-06-30")}}}
	return &indicators.Catalog{Name: "Feuille de route", Axes: []indicators.Axis{{ID: 1, Name: "Axe 1"}},
		Objectives: []indicators.Objective{
			{ID: "1-1", Axis: 1, Title: "Alimenter Mon espace santé", Owners: []string{"CNAM"}, Indicators: []indicators.Indicator{docs}},
			{ID: "2-1", Axis: 1, Title: "Sensibiliser", Indicators: []indicators.Indicator{share}},
			{ID: "3-1", Axis: 1, Title: "Lancer", Indicators: []indicators.Indicator{launch}},
		}}
}

// fixture stores the worked example's points as they arrived: A–C in
// January 2025, D in April, E and a revision of C in July, a revision of E
// in August; the share by region in February.
func fixture(t *testing.T) (*store.Store, *indicators.Catalog) {
	t.Helper()
	clock := date("2025-01-15")
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := func(id, at string, v float64, labels ...string) indicators.Measurement {
		var ls indicators.Labels
		for i := 0; i+1 < len(labels); i += 2 {
			ls = append(ls, indicators.Label{Name: labels[i], Value: labels[i+1]})
		}
		return indicators.Measurement{Indicator: id, Labels: ls, Time: date(at), Value: v}
	}
	write := func(at string, ms ...indicators.Measurement) {
		t.Helper()
		clock = date(at)
		if _, err := st.Write(t.Context(), ms, "test"); err != nil {
			t.Fatal(err)
		}
	}
	write("2025-01-15", m("docs", "2023-12-31", 243), m("docs", "2024-06-30", 252), m("docs", "2024-12-31", 272))
	write("2025-02-10", m("share", "2025-01-31", 50, "region", "84"), m("share", "2025-01-31", 20, "region", "93"))
	d := m("docs", "2025-03-31", 298)
	d.Source = "https://www.data.gouv.fr/mes-2025-03"
	write("2025-04-10", d)
	write("2025-07-10", m("docs", "2025-06-30", 315), m("docs", "2024-12-31", 280))
	write("2025-08-05", m("docs", "2025-06-30", 330))
	book := assessment.NewBook(st)
	for _, a := range []assessment.Assessment{
		{Objective: "1-1", Rating: indicators.ConfidenceGreen, Comment: "Rattrapage en cours", Actions: "Relance des éditeurs",
			Author: "Mme Durand", Time: date("2025-04-20")},
		{Objective: "1-1", Rating: indicators.ConfidenceAmberRed, Comment: "Plus tard", Author: "Mme Durand", Time: date("2025-07-20")},
	} {
		if err := book.Record(a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return st, catalog()
}

func render(t *testing.T, st *store.Store, c *indicators.Catalog, q Query, format string, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	r, err := New(format, &b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(st, c, q, r); err != nil {
		t.Fatalf("Write(%s) = %v", format, err)
	}
	return b.String()
}

func TestReportGolden(t *testing.T) {
	st, c := fixture(t)
	q := Query{At: EndOfDay(date("2025-04-30")), Since: EndOfDay(date("2025-01-31"))}
	for _, tt := range []struct {
		file, format string
		opts         Options
	}{
		{"report.json", "json", Options{}},
		{"report.md", "markdown", Options{}},
		{"report.html", "html", Options{}},
		{"report.csv", "csv", Options{}},
		{"report-fr.csv", "csv", Options{Separator: ';', BOM: true, Lang: indicators.French}},
		{"report-fr.md", "markdown", Options{Lang: indicators.French, Timezone: paris(t)}},
		{"report-fr.html", "html", Options{Lang: indicators.French, Timezone: paris(t)}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			got := render(t, st, c, q, tt.format, tt.opts)
			golden.Compare(t, filepath.Join("testdata", tt.file), []byte(got))
		})
	}
}

// TestReportReplaysKnownPoints checks the replay on the numbers: each date
// sees only the points that had arrived, with the values then in force.
func TestReportReplaysKnownPoints(t *testing.T) {
	st, c := fixture(t)
	tests := []struct {
		at, since  string
		actual     string // date=value of the latest actual of docs
		status     string
		previous   string
		shareParts int
	}{
		{"2025-01-14", "", "", "no_data", "", 0},
		{"2025-01-15", "", "2024-12-31=272", "off_track", "", 0},
		{"2025-04-30", "2025-01-31", "2025-03-31=298", "at_risk", "off_track", 2},
		{"2025-07-31", "2025-04-30", "2025-06-30=315", "at_risk", "at_risk", 2},
		{"2025-08-31", "2025-07-31", "2025-06-30=330", "on_track", "at_risk", 2},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			q := Query{At: EndOfDay(date(tt.at))}
			if tt.since != "" {
				q.Since = EndOfDay(date(tt.since))
			}
			var got struct {
				Objectives []struct {
					Indicators []struct {
						ID       string
						Status   string
						Previous string `json:"previous_status"`
						Parts    int
						Actual   *struct {
							Time  time.Time
							Value float64
						}
					}
				}
			}
			if err := json.Unmarshal([]byte(render(t, st, c, q, "json", Options{})), &got); err != nil {
				t.Fatal(err)
			}
			docs, share := got.Objectives[0].Indicators[0], got.Objectives[1].Indicators[0]
			actual := ""
			if docs.Actual != nil {
				actual = docs.Actual.Time.Format(time.DateOnly) + "=" + strings.TrimSuffix(jsonNum(docs.Actual.Value), ".0")
			}
			if actual != tt.actual || docs.Status != tt.status || docs.Previous != tt.previous {
				t.Errorf("report at %s: docs = %s %s (was %q), want %s %s (was %q)", tt.at, actual, docs.Status, docs.Previous, tt.actual, tt.status, tt.previous)
			}
			if share.Parts != tt.shareParts {
				t.Errorf("report at %s: share parts = %d, want %d", tt.at, share.Parts, tt.shareParts)
			}
		})
	}
}

func jsonNum(v float64) string { b, _ := json.Marshal(v); return string(b) }

// TestReportTargetsInForce checks that a target edited after the date does
// not judge the figures of before.
func TestReportTargetsInForce(t *testing.T) {
	st, c := fixture(t)
	def := c.Objectives[0].Indicators[0]
	if _, _, err := st.PutIndicator(store.NewStoredIndicator(def), "catalog", "initial"); err != nil {
		t.Fatal(err)
	}
	def.Milestones = []indicators.Milestone{def.Milestones[0], {Value: ptr(500), Deadline: date("2026-12-31")}}
	if _, _, err := st.PutIndicator(store.NewStoredIndicator(def), "admin", "raised"); err != nil {
		t.Fatal(err)
	}
	// Both revisions carry the store clock's last time, 2025-08-05.
	before := render(t, st, c, Query{At: EndOfDay(date("2025-04-30"))}, "markdown", Options{})
	after := render(t, st, c, Query{At: EndOfDay(date("2025-08-31"))}, "markdown", Options{})
	if !strings.Contains(before, "target 400 a year by 2026-12-31") {
		t.Errorf("report before the edit does not judge against 400:\n%s", before)
	}
	if !strings.Contains(after, "target 500 a year by 2026-12-31") {
		t.Errorf("report after the edit does not judge against 500:\n%s", after)
	}
}

func TestReportRefuses(t *testing.T) {
	st, c := fixture(t)
	r, _ := New("json", &bytes.Buffer{}, Options{})
	if err := Write(st, c, Query{At: date("2025-01-01"), Since: date("2025-02-01")}, r); err == nil {
		t.Error("Write(since after at) = nil, want an error")
	}
	if _, err := New("xlsx", &bytes.Buffer{}, Options{}); err == nil || !strings.Contains(err.Error(), "want json, markdown, html, pdf, csv") {
		t.Errorf(`New("xlsx") = %v, want an error listing the formats`, err)
	}
}

// TestCSVCellsInert checks that catalog texts cannot become spreadsheet
// formulas, while numbers, negative ones included, stay numbers.
func TestCSVCellsInert(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+33 1 23":                   "'+33 1 23",
		"-1 point":                   "'-1 point",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\tcell":                     "'\tcell",
		"Mon espace santé":           "Mon espace santé",
		"":                           "",
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	r, err := New("csv", &b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Objective(&Objective{ID: "1-1", Title: "=cmd|' /C calc'!A0", Indicators: []Indicator{{ID: "x", Name: "n", Planned: -2.5, Gap: -1}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); !strings.Contains(got, `1-1,'=cmd|' /C calc'!A0,`) || !strings.Contains(got, ",-2.5,-1,") {
		t.Errorf("CSV row = %q, want the title made inert and the numbers kept", got)
	}
	for _, sep := range []rune{utf8.RuneError, '"', 0x110000} {
		if _, err := New("csv", &b, Options{Separator: sep}); err == nil {
			t.Errorf("New(csv, separator %q) = nil error, want one", sep)
		}
	}
}

// TestWorstPartByGap has three regions behind plan, with the same status:
// the report shows and names the one furthest behind (66.8 %), where it
// used to show whichever sorted first (74 %).
func TestWorstPartByGap(t *testing.T) {
	arrived := func() time.Time { return date("2025-10-01") }
	st, err := store.Open(filepath.Join(t.TempDir(), "jalon.db"), store.Options{Now: arrived})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ms []indicators.Measurement
	for region, v := range map[string]float64{"11": 74, "84": 70.2, "93": 66.8} {
		ms = append(ms, indicators.Measurement{Indicator: "share", Labels: indicators.Labels{{Name: "region", Value: region}},
			Time: date("2025-09-30"), Value: v})
	}
	if _, err := st.Write(t.Context(), ms, "test"); err != nil {
		t.Fatal(err)
	}
	c := catalog()
	c.Objectives[1].Indicators[0].Milestones[0].Value = ptr(100)
	out := render(t, st, c, Query{At: EndOfDay(date("2025-10-15"))}, "json", Options{})
	for _, want := range []string{`"value":66.8`, `"parts":3`, `"part":{"labels":{"region":"93"},"name":"Provence-Alpes-Côte d'Azur (93)"}`} {
		if !strings.Contains(out, want) {
			t.Errorf("report of three regions behind plan lacks %s:\n%s", want, out)
		}
	}
	if md := render(t, st, c, Query{At: EndOfDay(date("2025-10-15"))}, "markdown", Options{}); !strings.Contains(md, "worst of 3 territorial parts: Provence-Alpes-Côte d'Azur (93)") {
		t.Errorf("Markdown report does not name the part it shows:\n%s", md)
	}
}
