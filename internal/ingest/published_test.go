package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/territory"
)

func publishedChecker(t *testing.T) *Checker {
	t.Helper()
	codes, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	target := 400e6
	c := &indicators.Catalog{Objectives: []indicators.Objective{{ID: "1-1", Indicators: []indicators.Indicator{
		{ID: "docs", Kind: indicators.KindRate, Unit: "per_year", Input: indicators.InputCount, Period: 30 * 24 * time.Hour,
			Milestones: []indicators.Milestone{{Value: &target, Deadline: now}}},
		{ID: "users", Kind: indicators.KindLevel, Unit: "count", Milestones: []indicators.Milestone{{Value: &target, Deadline: now}}},
	}}}}
	return NewChecker(c, codes)
}

func TestCheckPublished(t *testing.T) {
	end := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	year := Published{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name string
		item Item
		want string // "" when accepted
	}{
		{"a yearly total", Item{Indicator: "docs", Time: end, Value: 3e8, Published: year}, ""},
		{"every field", Item{Indicator: "docs", Time: end, Value: 3e8, Published: Published{
			Start: year.Start, Qualifier: "at_least", SourceURL: "https://example.org/a?b=c"}}, ""},
		{"start of a level", Item{Indicator: "users", Time: end, Value: 1, Published: year},
			`start: only a count (input = "count") covers a period, and users is not one: drop start`},
		{"start after time", Item{Indicator: "docs", Time: end, Value: 1, Published: Published{Start: end.AddDate(0, 0, 1)}},
			"start: 2025-01-01T00:00:00Z is not before time 2024-12-31T00:00:00Z"},
		{"unknown qualifier", Item{Indicator: "users", Time: end, Value: 1, Published: Published{Qualifier: "plus_de"}},
			`qualifier: "plus_de" is not a qualifier: want at_least, at_most or about`},
		{"javascript link", Item{Indicator: "users", Time: end, Value: 1, Published: Published{SourceURL: "javascript:alert(1)"}},
			`source_url: "javascript:alert(1)" is not an http or https URL`},
		{"relative link", Item{Indicator: "users", Time: end, Value: 1, Published: Published{SourceURL: "/release"}},
			"is not an http or https URL"},
		{"overlong link", Item{Indicator: "users", Time: end, Value: 1, Published: Published{SourceURL: "https://x.fr/" + strings.Repeat("a", MaxSourceURL)}},
			"source_url: want printable text of at most 2000 bytes"},
	}
	k := publishedChecker(t)
	for _, tt := range tests {
		ms, bad := k.Check([]Item{tt.item}, now)
		switch {
		case tt.want == "" && len(bad) > 0:
			t.Errorf("%s: Check = %v, want accepted", tt.name, bad)
		case tt.want != "" && (len(bad) != 1 || !strings.Contains(bad[0].Msg, tt.want)):
			t.Errorf("%s: Check = %v, want %q", tt.name, bad, tt.want)
		case tt.want == "" && (!ms[0].Start.Equal(tt.item.Start) || ms[0].SourceURL != tt.item.SourceURL || ms[0].Qualifier.String() != tt.item.Qualifier):
			t.Errorf("%s: Check = %+v, want start, qualifier and URL kept", tt.name, ms[0])
		}
	}
}
