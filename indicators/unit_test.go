package indicators

import (
	"math"
	"strings"
	"testing"
)

func TestUnitFormat(t *testing.T) {
	const nb = "\u202f"
	tests := []struct {
		unit string
		lang Lang
		v    float64
		want string
	}{
		{"count", French, 8210, "8" + nb + "210"},
		{"count", English, 8210, "8,210"},
		{"count", French, 396690298, "396,7 millions"},
		{"count", English, 396690298, "396.7 million"},
		{"count", French, 1.5e6, "1,5 million"},
		{"count", French, 2e9, "2 milliards"},
		{"count", English, 2e9, "2 billion"},
		{"count", French, 0, "0"},
		{"count", English, -8210, "−8,210"},
		{"count", French, -0.07006651110845208, "−0,0701"},
		{"count", English, 324.86, "324.9"},
		{"count", English, 3.14159, "3.14"},
		{"count", English, 0.000123456, "0.000123"},
		{"count", French, 1e15, "1" + nb + "000" + nb + "000 milliards"},
		{"count", English, -1e15, "−1,000,000 billion"},
		{"count", English, 1e-15, "0"},
		{"percent", French, 78.7, "78,7" + nb + "%"},
		{"percent", English, 78.66, "78.7%"},
		{"percent", English, 0, "0%"},
		{"percent", French, -2.5, "−2,5" + nb + "%"},
		{"ratio", French, 0.7867, "78,7" + nb + "%"},
		{"done", English, 1, "100%"},
		{"months", French, 12, "12 mois"},
		{"months", English, 1, "1 month"},
		{"days", French, 1.5, "1,5 jour"},
		{"days", English, 1.5, "1.5 days"},
		{"euros", French, 3.2e6, "3,2 millions €"},
		{"per_year", English, 212e6, "212 million a year"},
		{"per_year", French, 4512, "4" + nb + "512 par an"},
		{"", English, 12345.678, "12,346"},
		{"count", French, math.NaN(), "—"},
		{"count", English, math.Inf(-1), "—"},
	}
	for _, tt := range tests {
		u := Unit{Name: tt.unit, Lang: tt.lang}
		if got := u.Format(tt.v); got != tt.want {
			t.Errorf("Unit{%q, %s}.Format(%v) = %q, want %q", tt.unit, tt.lang, tt.v, got, tt.want)
		}
	}
}

func TestUnitScale(t *testing.T) {
	u := Unit{Name: "count", Lang: French, Scale: 1e6}
	if got := u.Format(150000); got != "0,15 million" {
		t.Errorf("Format(150000) in millions = %q, want %q", got, "0,15 million")
	}
}

func TestUnitParse(t *testing.T) {
	tests := []struct {
		unit string
		lang Lang
		in   string
		want float64
	}{
		{"count", French, "4 512,0", 4512},
		{"count", French, "4\u202f512", 4512},
		{"count", English, "4 512.5", 4512.5},
		{"count", English, "-1e15", -1e15},
		{"percent", French, "78,7 %", 78.7},
		{"ratio", French, "78,7\u202f%", 0.787},
		{"ratio", English, "0.5", 0.5},
	}
	for _, tt := range tests {
		u := Unit{Name: tt.unit, Lang: tt.lang}
		got, err := u.Parse(tt.in)
		if err != nil || math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Unit{%q, %s}.Parse(%q) = %v, %v; want %v", tt.unit, tt.lang, tt.in, got, err, tt.want)
		}
	}
}

func TestUnitParseRefuses(t *testing.T) {
	tests := []struct {
		unit string
		lang Lang
		in   string
		want string
	}{
		{"count", French, "4.5", `"4.5" is not a decimal number: '.' at byte 1`},
		{"count", English, "4,5", `"4,5" is not a decimal number`},
		{"count", English, "12 %", `"12 %" is not a decimal number`},
		{"count", English, "", "empty"},
	}
	for _, tt := range tests {
		_, err := Unit{Name: tt.unit, Lang: tt.lang}.Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Unit{%q, %s}.Parse(%q) error = %v, want it to say %q", tt.unit, tt.lang, tt.in, err, tt.want)
		}
	}
}

// TestUnitRoundTrip checks that what Number writes, Parse reads back; in
// English with its group commas written as spaces, since pushes and imports
// refuse a comma that could be a decimal one.
func TestUnitRoundTrip(t *testing.T) {
	for _, l := range Langs {
		for _, v := range []float64{0, -1234567.25, 8210, 0.5, 1e15, -1e15} {
			u := Unit{Name: "count", Lang: l}
			s := strings.NewReplacer("−", "-", ",", " ").Replace(u.Number(v, 2, true))
			if l == French {
				s = strings.ReplaceAll(u.Number(v, 2, true), "−", "-")
			}
			got, err := u.Parse(s)
			if err != nil || got != v {
				t.Errorf("Parse(Number(%v)) in %s = %v, %v (from %q)", v, l, got, err, s)
			}
		}
	}
}

func TestParseLang(t *testing.T) {
	if l, err := ParseLang("FR"); l != French || err != nil {
		t.Errorf("ParseLang(FR) = %q, %v", l, err)
	}
	if _, err := ParseLang("de"); err == nil || !strings.Contains(err.Error(), "want fr or en") {
		t.Errorf("ParseLang(de) error = %v, want it to list fr and en", err)
	}
}
