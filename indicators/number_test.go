package indicators

import (
	"math"
	"strconv"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	const point = "want digits with an optional sign, one decimal point and an exponent, as in -12.5 or 1.5e3"
	const comma = "want digits with an optional sign, one decimal comma and an exponent, as in -12,5 or 1,5e3"
	fr := Decimal{Comma: true, Groups: true}
	tests := []struct {
		name string
		in   string
		f    Decimal
		want float64
		err  string
	}{
		{name: "integer", in: "42", want: 42},
		{name: "negative", in: "-12.5", want: -12.5},
		{name: "plus", in: "+3", want: 3},
		{name: "leading zeros", in: "007", want: 7},
		{name: "no integer part", in: ".5", want: 0.5},
		{name: "no fraction", in: "5.", want: 5},
		{name: "exponent", in: "1.5e3", want: 1500},
		{name: "exponent signs", in: "-2E-2", want: -0.02},
		{name: "exponent plus", in: "1e+2", want: 100},
		{name: "negative zero", in: "-0", want: math.Copysign(0, -1)},
		{name: "underflow is zero", in: "1e-400", want: 0},
		{name: "largest", in: "1.7976931348623157e308", want: math.MaxFloat64},
		{name: "decimal comma", in: "12,5", f: fr, want: 12.5},
		{name: "groups", in: "1 234\u00a0567\u202f890,25", f: fr, want: 1234567890.25},
		{name: "groups and sign", in: "-4 512", f: fr, want: -4512},

		{name: "empty", in: "", err: "empty; " + point},
		{name: "underscores", in: "1_2_3", err: `"1_2_3" is not a decimal number: '_' at byte 1; ` + point},
		{name: "hex float", in: "0x1.8p1", err: `"0x1.8p1" is not a decimal number: 'x' at byte 1; ` + point},
		{name: "hex integer", in: "0X10", err: `"0X10" is not a decimal number: 'X' at byte 1; ` + point},
		{name: "inf", in: "inf", err: `"inf" is not a decimal number: 'i' at byte 0; ` + point},
		{name: "Infinity", in: "+Infinity", err: `"+Infinity" is not a decimal number: 'I' at byte 1; ` + point},
		{name: "NaN", in: "NaN", err: `"NaN" is not a decimal number: 'N' at byte 0; ` + point},
		{name: "sign alone", in: "-", err: `"-" is not a decimal number: it ends too early; ` + point},
		{name: "point alone", in: ".", err: `"." is not a decimal number: it ends too early; ` + point},
		{name: "two signs", in: "--1", err: `"--1" is not a decimal number: '-' at byte 1; ` + point},
		{name: "two points", in: "1.2.3", err: `"1.2.3" is not a decimal number: '.' at byte 3; ` + point},
		{name: "exponent without digits", in: "1e", err: `"1e" is not a decimal number: it ends too early; ` + point},
		{name: "exponent alone", in: "e5", err: `"e5" is not a decimal number: 'e' at byte 0; ` + point},
		{name: "spaces", in: " 1", err: `" 1" is not a decimal number: ' ' at byte 0; ` + point},
		{name: "groups not allowed", in: "1 234", err: `"1 234" is not a decimal number: ' ' at byte 1; ` + point},
		{name: "comma not allowed", in: "12,5", err: `"12,5" is not a decimal number: ',' at byte 2; ` + point},
		{name: "point with a comma", in: "1.234", f: fr, err: `"1.234" is not a decimal number: '.' at byte 1; ` + comma},
		{name: "group after sign", in: "- 5", f: fr, err: `"- 5" is not a decimal number: ' ' at byte 1; ` + comma},
		{name: "double group", in: "1  234", f: fr, err: `"1  234" is not a decimal number: ' ' at byte 1; ` + comma},
		{name: "group in fraction", in: "0,123 4", f: fr, err: `"0,123 4" is not a decimal number: ' ' at byte 5; ` + comma},
		{name: "trailing group", in: "12 ", f: fr, err: `"12 " is not a decimal number: ' ' at byte 2; ` + comma},
		{name: "invalid UTF-8", in: "1\xff", err: `"1\xff" is not a decimal number: "\xff" at byte 1; ` + point},
		{name: "full-width digit", in: "１", err: `"１" is not a decimal number: '１' at byte 0; ` + point},
		{name: "overflow", in: "1e400", err: `"1e400" is beyond the range of a 64-bit number (about ±1.8e308)`},
		{name: "negative overflow", in: "-1.8e308", err: `"-1.8e308" is beyond the range of a 64-bit number (about ±1.8e308)`},
	}
	for _, tc := range tests {
		got, err := ParseDecimal(tc.in, tc.f)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if gotErr != tc.err || math.Float64bits(got) != math.Float64bits(tc.want) {
			t.Errorf("%s: ParseDecimal(%q, %+v) = %v, %q; want %v, %q", tc.name, tc.in, tc.f, got, gotErr, tc.want, tc.err)
		}
	}
}

// FuzzParseDecimal checks that whatever ParseDecimal takes is finite and,
// with a decimal point, read as ParseFloat reads it.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1.5e3", "1 234,5", "0x1p3", "1_0", "inf", "-.5", "5.", "1e400"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		v, err := ParseDecimal(s, Decimal{Comma: comma, Groups: comma})
		if err != nil {
			return
		}
		if math.IsInf(v, 0) || math.IsNaN(v) {
			t.Fatalf("ParseDecimal(%q) = %v", s, v)
		}
		if !comma {
			if want, err := strconv.ParseFloat(s, 64); err != nil || math.Float64bits(v) != math.Float64bits(want) {
				t.Fatalf("ParseDecimal(%q) = %v, ParseFloat = %v, %v", s, v, want, err)
			}
		}
	})
}

// BenchmarkParseDecimal compares ParseDecimal with the strconv.ParseFloat
// it checks before calling, on a value of a bulk push and a French one.
func BenchmarkParseDecimal(b *testing.B) {
	for _, bc := range []struct {
		name, in string
		f        Decimal
	}{{"point", "1234.25", Decimal{}}, {"french", "1 234,25", Decimal{Comma: true, Groups: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ParseDecimal(bc.in, bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("strconv", func(b *testing.B) {
		for b.Loop() {
			if _, err := strconv.ParseFloat("1234.25", 64); err != nil {
				b.Fatal(err)
			}
		}
	})
}
