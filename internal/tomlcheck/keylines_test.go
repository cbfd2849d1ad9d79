package tomlcheck

import (
	"reflect"
	"testing"

	"github.com/BurntSushi/toml"
)

// trickyTOML holds what could mislead a line scanner: brackets and equal
// signs in strings and comments, multi-line strings and arrays, quoted and
// dotted keys, nested inline tables.
const trickyTOML = `# [not.a.table] = 1
a = "x = [1] # no comment"
"quoted key" = 'it"s'
"esc\\e\e\x41" = 0
b.c = """
line [2]
still = "in"
"""
d = [ # comment
  1,
  { e = 'literal \', f = { g = 2 } },
]

[[t]]
h = '''
'''
[t.sub]
i = 1979-05-27 07:32:00Z # a date-time with a space

[[t]]
  j = [[1, 2], [{ k = 3 }]]
`

func TestScanKeysLines(t *testing.T) {
	want := []keyLine{
		{toml.Key{"a"}, "a", 2},
		{toml.Key{"quoted key"}, "quoted key", 3},
		{toml.Key{"esc\\e\x1bA"}, "esc\\e\x1bA", 4},
		{toml.Key{"b", "c"}, "b.c", 5},
		{toml.Key{"d"}, "d", 9},
		{toml.Key{"d", "e"}, "d[1].e", 11},
		{toml.Key{"d", "f"}, "d[1].f", 11},
		{toml.Key{"d", "f", "g"}, "d[1].f.g", 11},
		{toml.Key{"t"}, "t[0]", 14},
		{toml.Key{"t", "h"}, "t[0].h", 15},
		{toml.Key{"t", "sub"}, "t[0].sub", 17},
		{toml.Key{"t", "sub", "i"}, "t[0].sub.i", 18},
		{toml.Key{"t"}, "t[1]", 20},
		{toml.Key{"t", "j"}, "t[1].j", 21},
		{toml.Key{"t", "j", "k"}, "t[1].j[1][0].k", 21},
	}
	if got := scanKeys([]byte(trickyTOML)); !reflect.DeepEqual(got, want) {
		t.Errorf("scanKeys() =\n%v\nwant\n%v", got, want)
	}
}

// TestScanKeysMatchesLibrary checks that the scanner finds the keys the
// library reports, in its order, for every test file.
func TestScanKeysMatchesLibrary(t *testing.T) {
	srcs := testFiles(t)
	srcs["tricky"] = []byte(trickyTOML)
	for name, data := range srcs {
		t.Run(name, func(t *testing.T) {
			if !checkScanMatches(t, data) {
				t.Fatal("not valid TOML")
			}
		})
	}
}

// checkScanMatches reports whether data is valid TOML, and if so checks
// that scanKeys agrees with the library.
func checkScanMatches(t *testing.T, data []byte) bool {
	t.Helper()
	var v map[string]any
	md, err := toml.Decode(string(data), &v)
	if err != nil {
		return false
	}
	var want, got []string
	for _, k := range md.Keys() {
		want = append(want, k.String())
	}
	for _, k := range scanKeys(data) {
		got = append(got, k.key.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scanKeys() keys =\n%q\nwant MetaData.Keys() =\n%q", got, want)
	}
	return true
}
