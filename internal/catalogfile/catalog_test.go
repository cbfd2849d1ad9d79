package catalogfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/tomlcheck"
)

func date(s string) time.Time {
	t, err := time.Parse(tomlcheck.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(f float64) *float64 { return &f }

func loadGood(t *testing.T) *indicators.Catalog {
	t.Helper()
	srcs, err := LoadCatalogFiles("testdata/good.toml")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := ParseCatalog(srcs...)
	if err != nil {
		t.Fatalf("ParseCatalog(good.toml) = %v", err)
	}
	return cat
}

func TestParseCatalogGood(t *testing.T) {
	cat := loadGood(t)
	if got, want := cat.Count().String(), "2 axes, 2 priorities, 2 objectives, 3 indicators, 3 quantified targets, 1 dated milestones"; got != want {
		t.Errorf("Count() = %s, want %s", got, want)
	}
	o, ok := cat.Objective("5-4")
	if !ok || o.Axis != 5 || o.Priority != 5 || !reflect.DeepEqual(o.Owners, []string{"DNS"}) {
		t.Errorf("Objective(5-4) = %+v, want axis 5, priority 5, owners [DNS]", o)
	}
	got, _, _ := cat.Indicator("mes_documents_per_year")
	want := indicators.Indicator{
		ID: "mes_documents_per_year", Objective: "1-1", Name: "Documents fed into Mon espace santé",
		Kind: indicators.KindRate, Unit: "per_year", UnitLabel: "documents", Direction: indicators.Increase,
		Input: indicators.InputCount, Period: 30 * 24 * time.Hour,
		Baseline: indicators.Anchor{Value: 12e6, Date: date("2022-12-31")},
		Milestones: []indicators.Milestone{
			{Value: ptr(250e6), Deadline: date("2023-12-31"), DeadlineText: "fin 2023"},
			{Value: ptr(400e6), Deadline: date("2026-12-31"), DeadlineText: "fin 2026"},
		},
		Shape: indicators.ShapeLinear, Tolerance: indicators.Tolerance{AtRisk: 0.1, OffTrack: 0.2},
		Cadence: 30 * 24 * time.Hour, StaleAfter: 3, Dimensions: []string{"region"}, Source: "CNAM dashboard",
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("Indicator(mes_documents_per_year) =\n%+v\nwant\n%+v", *got, want)
	}
}

func TestParseCatalogDefaults(t *testing.T) {
	cat := loadGood(t)
	tests := []struct {
		name string
		id   string
		want indicators.Indicator
	}{
		{"file defaults and partial tolerance", "ce_marking_delay_months", indicators.Indicator{
			Direction: indicators.Decrease, Shape: indicators.ShapePlan, Unit: "months",
			Baseline:  indicators.Anchor{Value: 18, Date: date("2023-01-01")},
			Tolerance: indicators.Tolerance{AtRisk: 0.1, OffTrack: 0.3}, Cadence: 90 * 24 * time.Hour, StaleAfter: 2}},
		{"milestone kind", "ce_guide_published", indicators.Indicator{
			Direction: indicators.Increase, Shape: indicators.ShapeLinear, Unit: "done",
			Baseline:  indicators.Anchor{Value: 0, Date: date("2023-01-01")},
			Tolerance: indicators.Tolerance{AtRisk: 0.1, OffTrack: 0.2}, Cadence: 90 * 24 * time.Hour, StaleAfter: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ind, _, _ := cat.Indicator(tc.id)
			got := indicators.Indicator{Direction: ind.Direction, Shape: ind.Shape, Unit: ind.Unit, Baseline: ind.Baseline,
				Tolerance: ind.Tolerance, Cadence: ind.Cadence, StaleAfter: ind.StaleAfter}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Indicator(%s) defaults = %+v, want %+v", tc.id, got, tc.want)
			}
		})
	}
}

func TestParseCatalogBuiltinDefaults(t *testing.T) {
	src := `[[axis]]
id = 1
name = "A"
[[priority]]
id = 1
axis = 1
[[objective]]
id = "1-1"
title = "T"
  [[objective.indicator]]
  id = "x"
  name = "X"
  kind = "rate"
  unit = "per_year"
    [[objective.indicator.milestone]]
    value = 1
    deadline = "2024-12-31"
`
	cat, err := ParseCatalog(tomlcheck.Source{Name: "x.toml", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	ind := cat.Objectives[0].Indicators[0]
	if ind.Tolerance != indicators.DefaultTolerance || ind.StaleAfter != indicators.DefaultStaleAfter ||
		ind.Input != indicators.InputRate || ind.Cadence != 0 || !ind.Baseline.Date.Equal(date("2023-01-01")) {
		t.Errorf("defaults = %+v, want Jalon's defaults, input rate, no cadence, baseline 2023-01-01", ind)
	}
}

func TestParseCatalogOverride(t *testing.T) {
	good, err := os.ReadFile("testdata/good.toml")
	if err != nil {
		t.Fatal(err)
	}
	override := `[[axis]]
id = 5
title = "Innovation and research"

[[objective]]
id = "1-1"
title = "Mon espace santé, revised"
  [[objective.indicator]]
  id = "ce_guide_published"
  name = "Guide moved here"
  kind = "milestone"
    [[objective.indicator.milestone]]
    deadline = "2025-06-30"
`
	cat, err := ParseCatalog(tomlcheck.Source{Name: "good.toml", Data: good}, tomlcheck.Source{Name: "override.toml", Data: []byte(override)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"objective replaced in place", cat.Objectives[0].Title, "Mon espace santé, revised"},
		{"replaced objective drops its old indicators", len(cat.Objectives[0].Indicators), 1},
		{"indicator taken over", cat.Objectives[0].Indicators[0].Name, "Guide moved here"},
		{"indicator left its old objective", len(cat.Objectives[1].Indicators), 1},
		{"axis title merged", cat.Axes[1].Title, "Innovation and research"},
		{"axis name kept", cat.Axes[1].Name, "Innovation"},
		{"objective order kept", cat.Objectives[1].ID, "5-4"},
	}
	for _, tc := range tests {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestLoadCatalogFilesMissing(t *testing.T) {
	_, err := LoadCatalogFiles("testdata/good.toml", "testdata/none.toml")
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != "load catalog testdata/none.toml: open testdata/none.toml: no such file or directory" {
		t.Errorf("LoadCatalogFiles(missing) = %v, want load catalog testdata/none.toml: … not exist", err)
	}
}

func TestEncodeCatalogRoundTrip(t *testing.T) {
	cat := loadGood(t)
	var buf bytes.Buffer
	if err := EncodeCatalog(&buf, cat); err != nil {
		t.Fatal(err)
	}
	again, err := ParseCatalog(tomlcheck.Source{Name: "encoded.toml", Data: buf.Bytes()})
	if err != nil {
		t.Fatalf("ParseCatalog(EncodeCatalog(good)) = %v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(again, cat) {
		t.Errorf("ParseCatalog(EncodeCatalog(c)) =\n%+v\nwant\n%+v", again, cat)
	}
}
