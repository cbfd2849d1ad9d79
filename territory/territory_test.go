package territory

import (
	"fmt"
	"testing"
)

func TestLoad(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Regions) != 18 || len(c.Departments) != 101 {
		t.Fatalf("Load() = %d regions, %d departments, want 18, 101", len(c.Regions), len(c.Departments))
	}
	perRegion := map[string]int{}
	for _, d := range c.Departments {
		perRegion[d.Region]++
	}
	if perRegion["84"] != 12 || perRegion["94"] != 2 {
		t.Errorf("departments of 84, 94 = %d, %d, want 12, 2", perRegion["84"], perRegion["94"])
	}
}

func TestCheck(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dim, value string
		ok               bool
	}{
		{"region", "region", "84", true},
		{"overseas region", "region", "06", true},
		{"region without leading zero", "region", "6", false},
		{"code shared with a department", "region", "75", true},
		{"corsica", "department", "2A", true},
		{"overseas department", "department", "974", true},
		{"old corsica code", "department", "20", false},
		{"injection", "department", `0"1`, false},
		{"other dimension", "age_band", "anything", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.Check(tt.dim, tt.value)
			if (err == nil) != tt.ok {
				t.Errorf("Check(%q, %q) = %v, want ok=%v", tt.dim, tt.value, err, tt.ok)
			}
		})
	}
}

func TestCheckNesting(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		region, department string
		want               string // "" when accepted
	}{
		{"84", "69", ""},
		{"94", "2A", ""},
		{"04", "974", ""},
		{"84", "75", "department 75 (Paris) is in region 11 (Île-de-France), not 84"},
		{"11", "2B", "department 2B (Haute-Corse) is in region 94 (Corse), not 11"},
		{"84", "20", ""}, // not a department: refused by Check, not here
	}
	for _, tt := range tests {
		err := c.CheckNesting(tt.region, tt.department)
		if got := fmt.Sprint(err); (tt.want == "" && err != nil) || (tt.want != "" && got != tt.want) {
			t.Errorf("CheckNesting(%q, %q) = %v, want %q", tt.region, tt.department, err, tt.want)
		}
	}
}
