package golden

import (
	"fmt"
	"strings"
)

// maxDiffLines bounds a diff printed in a test log: past it, the first
// differences say enough and the rest is counted.
const maxDiffLines = 60

// maxLCSCells bounds the table of the longest-common-subsequence diff; a
// larger middle part is shown as a removal and an addition.
const maxLCSCells = 4 << 20

// Diff returns a line diff of want and got: lines only in want start with
// "-", only in got with "+", and up to two unchanged lines around each
// change with " ". Each hunk starts with the line numbers of both sides.
func Diff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	ops := diffLines(a, b)
	return render(ops)
}

// op is one line of a diff: kind is ' ', '-' or '+'; ai and bi are the line
// indexes (0-based) in want and got.
type op struct {
	kind   byte
	line   string
	ai, bi int
}

// diffLines trims the common head and tail, then diffs the middle.
func diffLines(a, b []string) []op {
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	var ops []op
	for i := range head {
		ops = append(ops, op{' ', a[i], i, i})
	}
	ops = append(ops, middle(a[head:len(a)-tail], b[head:len(b)-tail], head, head)...)
	for i := range tail {
		ai, bi := len(a)-tail+i, len(b)-tail+i
		ops = append(ops, op{' ', a[ai], ai, bi})
	}
	return ops
}

// middle diffs two runs of lines by their longest common subsequence.
func middle(a, b []string, a0, b0 int) []op {
	if len(a)*len(b) > maxLCSCells {
		return replaced(a, b, a0, b0)
	}
	// lcs[i][j] is the length of the LCS of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i], a0 + i, b0 + j})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i], a0 + i, b0 + j})
			i++
		default:
			ops = append(ops, op{'+', b[j], a0 + i, b0 + j})
			j++
		}
	}
	return ops
}

func replaced(a, b []string, a0, b0 int) []op {
	var ops []op
	for i, l := range a {
		ops = append(ops, op{'-', l, a0 + i, b0})
	}
	for j, l := range b {
		ops = append(ops, op{'+', l, a0 + len(a), b0 + j})
	}
	return ops
}

// render prints the changed lines with two lines of context, in hunks.
func render(ops []op) string {
	const context = 2
	keep := make([]bool, len(ops))
	for k, o := range ops {
		if o.kind == ' ' {
			continue
		}
		for c := max(0, k-context); c <= min(len(ops)-1, k+context); c++ {
			keep[c] = true
		}
	}
	var sb strings.Builder
	printed, changes := 0, 0
	for k, o := range ops {
		if o.kind != ' ' {
			changes++
		}
		if !keep[k] || printed >= maxDiffLines {
			continue
		}
		if k == 0 || !keep[k-1] {
			fmt.Fprintf(&sb, "@@ file line %d, test line %d @@\n", o.ai+1, o.bi+1)
		}
		fmt.Fprintf(&sb, "%c%s\n", o.kind, o.line)
		printed++
	}
	if printed >= maxDiffLines {
		fmt.Fprintf(&sb, "… (%d changed lines in all)\n", changes)
	}
	return sb.String()
}
