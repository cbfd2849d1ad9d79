package indicators

import "testing"

func TestCheckText(t *testing.T) {
	tests := []struct {
		in, err string
	}{
		{"Documents alimentés : 80\u00a0%", ""},
		{"d’ici fin 2026 <script>|*_`[x]", ""},
		{"", ""},
		{"a\x00b", "contains a NUL character (U+0000) at byte 1"},
		{"a\rb", "contains a line break (U+000D) at byte 1"},
		{"a\nb", "contains a line break (U+000A) at byte 1"},
		{"ab\u2028", "contains a line break (U+2028) at byte 2"},
		{"\u2029", "contains a line break (U+2029) at byte 0"},
		{"a\u0085", "contains a line break (U+0085) at byte 1"},
		{"a\tb", "contains a tab (U+0009) at byte 1"},
		{"\x1b[31m", "contains a control character (U+001B) at byte 0"},
		{"\x7f", "contains a control character (U+007F) at byte 0"},
		{"abc\u202e", "contains an invisible format character (U+202E) at byte 3"},
		{"\u200b", "contains an invisible format character (U+200B) at byte 0"},
		{"\ue000", "contains a character that is not printable (U+E000) at byte 0"},
		{"é\xff", "is not valid UTF-8 (byte 2 is 0xff)"},
		{"\xed\xa0\x80", "is not valid UTF-8 (byte 0 is 0xed)"},
		{"\ufffd", ""}, // a replacement character sent as such is text
	}
	for _, tc := range tests {
		err := CheckText(tc.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.err {
			t.Errorf("CheckText(%q) = %q, want %q", tc.in, got, tc.err)
		}
	}
}

func TestValidateTexts(t *testing.T) {
	v := 1.0
	ind := Indicator{Name: "a\u2028b", UnitLabel: "doc\x00", Milestones: []Milestone{{Value: &v}, {Value: &v, DeadlineText: "fin\r2026"}}}
	want := map[string]string{
		"name":                       "contains a line break (U+2028) at byte 1",
		"unit_label":                 "contains a NUL character (U+0000) at byte 3",
		"milestone[1].deadline_text": "contains a line break (U+000D) at byte 3",
	}
	for _, fe := range ind.Validate() {
		if w, ok := want[fe.Field]; ok {
			if fe.Msg != w {
				t.Errorf("Validate: %s: %s, want %s", fe.Field, fe.Msg, w)
			}
			delete(want, fe.Field)
		}
	}
	for f, w := range want {
		t.Errorf("Validate: no problem with %s, want %s", f, w)
	}
}
