package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/territory"
)

var now = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

func checker(t *testing.T) *Checker {
	t.Helper()
	codes, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	hundred := 100.0
	c := &indicators.Catalog{Objectives: []indicators.Objective{{ID: "1-1", Indicators: []indicators.Indicator{
		{ID: "share", Kind: indicators.KindLevel, Unit: "percent", Dimensions: []string{"region", "department"},
			Milestones: []indicators.Milestone{{Value: &hundred, Deadline: now}}},
		{ID: "count", Kind: indicators.KindLevel, Unit: "count", Milestones: []indicators.Milestone{{Value: &hundred, Deadline: now}}},
	}}}}
	return NewChecker(c, codes)
}

func TestCheck(t *testing.T) {
	day := now.AddDate(0, 0, -1)
	tests := []struct {
		name string
		item Item
		want string // "" when accepted
	}{
		{"accepted", Item{Indicator: "share", Labels: map[string]string{"region": "84", "department": "69"}, Time: day, Value: 50}, ""},
		{"unknown indicator", Item{Indicator: "nope", Time: day}, `indicator: "nope" is not in the catalog`},
		{"no indicator", Item{Time: day}, "indicator: missing"},
		{"before 1990", Item{Indicator: "count", Time: time.Date(1989, 12, 31, 0, 0, 0, 0, time.UTC)}, "is before 1990-01-01"},
		{"too far ahead", Item{Indicator: "count", Time: now.Add(MaxFuture + time.Hour)}, "in the future"},
		{"a day ahead", Item{Indicator: "count", Time: now.Add(24 * time.Hour), Value: 1}, ""},
		{"percent out of range", Item{Indicator: "share", Time: day, Value: 120}, "value: "},
		{"count beyond the largest value (issue 10)", Item{Indicator: "count", Time: day, Value: 1.5e307},
			"value: value 1.5e+307 is above 1e+15, the largest value Jalon evaluates, unit count"},
		{"label not a dimension", Item{Indicator: "count", Labels: map[string]string{"region": "84"}, Time: day}, "count takes no labels"},
		{"unknown department", Item{Indicator: "share", Labels: map[string]string{"department": "20"}, Time: day}, "not an INSEE department code"},
		{"department of another region", Item{Indicator: "share", Labels: map[string]string{"region": "84", "department": "75"}, Time: day, Value: 50},
			"labels.department: department 75 (Paris) is in region 11 (Île-de-France), not 84"},
		{"control character in source", Item{Indicator: "count", Time: day, Source: "a\x00b"}, "source: "},
	}
	k := checker(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.item.Where = "item 0"
			ms, bad := k.Check([]Item{tt.item}, now)
			switch {
			case tt.want == "" && (len(bad) > 0 || len(ms) != 1):
				t.Errorf("Check(%+v) = %v, want accepted", tt.item, bad)
			case tt.want != "" && (len(bad) != 1 || !strings.Contains(bad[0].String(), tt.want)):
				t.Errorf("Check(%+v) = %v, want a problem containing %q", tt.item, bad, tt.want)
			}
		})
	}
}

func TestCheckDuplicates(t *testing.T) {
	k := checker(t)
	a := Item{Where: "line 2", Indicator: "count", Time: now, Value: 1}
	b := Item{Where: "line 3", Indicator: "count", Time: now, Value: 2}
	ms, bad := k.Check([]Item{a, b}, now)
	if len(ms) != 1 || len(bad) != 1 || bad[0].String() != "line 3: same indicator, labels and time as line 2" {
		t.Errorf("Check(two items at one time) = %d accepted, %v; want the second refused", len(ms), bad)
	}
}

// The same instant written in two time zones is the same point; another
// series or another instant is not.
func TestCheckDuplicatesAcrossZones(t *testing.T) {
	k := checker(t)
	paris := time.FixedZone("CET", 3600)
	items := []Item{
		{Where: "item 0", Indicator: "share", Labels: map[string]string{"region": "84"}, Time: now, Value: 1},
		{Where: "item 1", Indicator: "share", Labels: map[string]string{"region": "84"}, Time: now.In(paris), Value: 2},
		{Where: "item 2", Indicator: "share", Labels: map[string]string{"region": "84"}, Time: now.Add(time.Nanosecond), Value: 3},
		{Where: "item 3", Indicator: "share", Labels: map[string]string{"region": "11"}, Time: now, Value: 4},
	}
	ms, bad := k.Check(items, now)
	if len(ms) != 3 || len(bad) != 1 || bad[0].String() != "item 1: same indicator, labels and time as item 0" {
		t.Errorf("Check() = %d accepted, %v; want item 1 refused only", len(ms), bad)
	}
}
