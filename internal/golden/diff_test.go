package golden

import (
	"fmt"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, want, got, diff string
	}{
		{"one line changed", "a\nb\nc\nd\ne\nf", "a\nb\nc\nD\ne\nf",
			"@@ file line 2, test line 2 @@\n b\n c\n-d\n+D\n e\n f\n"},
		{"line added", "a\nb", "a\nx\nb",
			"@@ file line 1, test line 1 @@\n a\n+x\n b\n"},
		{"line removed at the end", "a\nb\nc", "a\nb",
			"@@ file line 1, test line 1 @@\n a\n b\n-c\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9", "1\nX\n3\n4\n5\n6\n7\nY\n9",
			"@@ file line 1, test line 1 @@\n 1\n-2\n+X\n 3\n 4\n@@ file line 6, test line 6 @@\n 6\n 7\n-8\n+Y\n 9\n"},
	}
	for _, tt := range tests {
		if got := Diff(tt.want, tt.got); got != tt.diff {
			t.Errorf("%s: Diff =\n%s\nwant\n%s", tt.name, got, tt.diff)
		}
	}
}

// TestDiffBounded checks that a diff of large, wholly different files
// stays a few dozen lines and says how much it left out.
func TestDiffBounded(t *testing.T) {
	var a, b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&a, "a%d\n", i)
		fmt.Fprintf(&b, "b%d\n", i)
	}
	d := Diff(a.String(), b.String())
	if n := strings.Count(d, "\n"); n > maxDiffLines+3 {
		t.Errorf("Diff of two 5000-line files has %d lines, want at most %d", n, maxDiffLines+3)
	}
	if !strings.Contains(d, "(10000 changed lines in all)") {
		t.Errorf("Diff does not count what it left out:\n%s", d[len(d)-200:])
	}
}
