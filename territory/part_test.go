package territory

import (
	"testing"

	"github.com/jalonhq/jalon/indicators"
)

func TestPartName(t *testing.T) {
	codes, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ls := indicators.NewLabels(map[string]string{"region": "84", "department": "69", "site": "a"})
	tests := []struct {
		name  string
		codes *Codes
		want  string
	}{
		{"named", codes, "Rhône (69), Auvergne-Rhône-Alpes (84), site=a"},
		{"tables not loaded", nil, "department=69, region=84, site=a"},
	}
	for _, tt := range tests {
		if got := tt.codes.PartName(ls); got != tt.want {
			t.Errorf("%s: PartName(%v) = %q, want %q", tt.name, ls, got, tt.want)
		}
	}
}
