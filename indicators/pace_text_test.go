package indicators

import (
	"math"
	"testing"
)

func TestUnitPaceText(t *testing.T) {
	tests := []struct {
		name string
		u    Unit
		p    Pace
		want string
	}{
		{"french", Unit{Name: "count", Lang: French}, Pace{Required: 179, Recent: 120}, "il faut 179 par mois\u202f; rythme récent 120 par mois"},
		{"english", Unit{Name: "count", Lang: English}, Pace{Required: 1790.4, Recent: 1200}, "you need 1,790 a month; recent pace 1,200 a month"},
		{"reached", Unit{Name: "count", Lang: English}, Pace{Required: 0, Recent: 12}, "target reached; recent pace 12 a month"},
		{"no recent", Unit{Name: "count", Lang: French}, Pace{Required: 3, Recent: math.NaN()}, "il faut 3 par mois\u202f; pas encore de rythme récent"},
		{"percent", Unit{Name: "percent", Lang: French}, Pace{Required: 0.52, Recent: -0.1}, "il faut 0,52\u202f% par mois\u202f; rythme récent −0,1\u202f% par mois"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.u.PaceText(tc.p); got != tc.want {
				t.Errorf("PaceText(%+v) = %q, want %q", tc.p, got, tc.want)
			}
		})
	}
}
