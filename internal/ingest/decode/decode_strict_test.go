package decode

import (
	"reflect"
	"strings"
	"testing"
)

func TestStrictJSON(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"clean", " {\"a\":[1,{\"b\":\"\\ud83d\\ude00 é\"}],\"c\":null} \n", nil},
		{"not JSON: left to the decoder", `{"a":[1,`, nil},
		{"key twice at the top", `{"a":1,"a":2}`, []string{`"a" given twice`}},
		{"key twice once unescaped", `{"a":1,"\u0061":2}`, []string{`"a" given twice`}},
		{"keys in another case are not the same", `{"a":1,"A":2}`, nil},
		{"key twice in an array element", `{"m":[{"v":1},{"v":1,"v":2}]}`, []string{`m[1]: "v" given twice`}},
		{"key twice in a nested array", `[[{}],[{"x":{"y":1,"y":2}}]]`, []string{`[1][0].x: "y" given twice`}},
		{"every problem", `{"a":"\ud800","b":"` + "\xff" + `","a":3}`, []string{
			`a: lone UTF-16 surrogate \ud800 at byte 6: a \ud800-\udfff escape must be a high one followed by a low one`,
			`b: invalid UTF-8 at byte 19 (0xff): send text in UTF-8`,
			`"a" given twice`}},
		{"high surrogate before a non-surrogate escape", `["\ud83d\u0041"]`, []string{`[0]: lone UTF-16 surrogate \ud83d at byte 2: a \ud800-\udfff escape must be a high one followed by a low one`}},
		{"two high surrogates", `["\ud83d\ud83d\ude00"]`, []string{`[0]: lone UTF-16 surrogate \ud83d at byte 2: a \ud800-\udfff escape must be a high one followed by a low one`}},
		{"invalid UTF-8 in a key", "{\"k\xc3\":1}", []string{`invalid UTF-8 at byte 3 (0xc3): send text in UTF-8`}},
		{"trailing bracket", `{}]`, []string{`data after the JSON object at byte 2: send one object, and nothing after it`}},
		{"trailing value", `{} 1`, []string{`data after the JSON object at byte 3: send one object, and nothing after it`}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range Strict([]byte(tt.body)) {
			got = append(got, p.String())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Strict(%q) = %q, want %q", tt.name, tt.body, got, tt.want)
		}
	}
}

// TestStrictJSONDeepNesting walks a body of 100 000 opening brackets, sent
// as a push: each level used to build its path from its parent's, quadratic
// in the depth (tens of seconds of CPU for 100 kB). The walk now stops at
// maxStrictDepth, so its allocations stay a handful whatever the depth.
func TestStrictJSONDeepNesting(t *testing.T) {
	for _, open := range []string{"[", `{"a":`} {
		body := []byte(strings.Repeat(open, 100000))
		if allocs := testing.AllocsPerRun(1, func() { Strict(body) }); allocs > 4*maxStrictDepth {
			t.Errorf("Strict(%q × 100 000) made %.0f allocations, want at most %d", open, allocs, 4*maxStrictDepth)
		}
	}
}

func BenchmarkStrictJSONDeep(b *testing.B) {
	body := []byte(strings.Repeat("[", 100000))
	for b.Loop() {
		Strict(body)
	}
}
