package collector

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// readRecords reads every record of s, as strings, with their lines.
func readRecords(s string, comma byte) ([][]string, []int, error) {
	rr := newRecordReader(strings.NewReader(s), comma)
	var recs [][]string
	var lines []int
	for {
		rec, line, err := rr.read()
		if errors.Is(err, io.EOF) {
			return recs, lines, nil
		}
		if err != nil {
			return recs, lines, err
		}
		fields := make([]string, len(rec))
		for i, f := range rec {
			fields[i] = string(f)
		}
		recs, lines = append(recs, fields), append(lines, line)
	}
}

func TestRecordReader(t *testing.T) {
	long := strings.Repeat("x", 100<<10)
	tests := []struct {
		name  string
		in    string
		want  [][]string
		lines []int
		err   string
	}{
		{name: "plain", in: "a;b\n1;2\n", want: [][]string{{"a", "b"}, {"1", "2"}}, lines: []int{1, 2}},
		{name: "CRLF, no final newline", in: "a;b\r\n1;2", want: [][]string{{"a", "b"}, {"1", "2"}}, lines: []int{1, 2}},
		{name: "trailing delimiter", in: "a;b;\n1;2;\n", want: [][]string{{"a", "b", ""}, {"1", "2", ""}}, lines: []int{1, 2}},
		{name: "empty lines skipped", in: "a\n\n\r\nb\n", want: [][]string{{"a"}, {"b"}}, lines: []int{1, 4}},
		{name: "quoted delimiter and quotes", in: "\"x;y\";\"say \"\"hi\"\"\"\n", want: [][]string{{"x;y", `say "hi"`}}, lines: []int{1}},
		{name: "quoted line break", in: "\"two\r\nlines\";z\nnext\n", want: [][]string{{"two\nlines", "z"}, {"next"}}, lines: []int{1, 3}},
		{name: "empty quoted", in: "\"\";a\n", want: [][]string{{"", "a"}}, lines: []int{1}},
		{name: "lenient bare quote", in: "a\"b;c\n", want: [][]string{{"a\"b", "c"}}, lines: []int{1}},
		{name: "lenient text after quote", in: "\"a\"b;c\n", want: [][]string{{"ab", "c"}}, lines: []int{1}},
		{name: "line longer than the buffer", in: long + ";1\n2\n", want: [][]string{{long, "1"}, {"2"}}, lines: []int{1, 2}},
		{name: "quote never closed", in: "a\n\"b;c\nd\n", want: [][]string{{"a"}}, lines: []int{1},
			err: "row 2: quoted field not closed at the end of the file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, lines, err := readRecords(tc.in, ';')
			if !slices.EqualFunc(got, tc.want, slices.Equal) || !slices.Equal(lines, tc.lines) {
				t.Errorf("records = %q at lines %v, want %q at %v", got, lines, tc.want, tc.lines)
			}
			if (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
				t.Errorf("error = %v, want %q", err, tc.err)
			}
		})
	}
}

// FuzzRecordReader checks the record reader against encoding/csv: whatever
// encoding/csv reads, it reads the same way, from the same lines.
func FuzzRecordReader(f *testing.F) {
	for _, s := range []string{"a;b\n1;2\n", "\"x;y\";\"q\"\"\"\r\n", "\"l\r\nm\";1\n\n2", "a;b;\n", "\"\"\n;\n\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, lines, err := readRecords(in, ';')
		r := csv.NewReader(strings.NewReader(in))
		r.Comma, r.FieldsPerRecord = ';', -1
		var want [][]string
		var wantLines []int
		for {
			rec, cerr := r.Read()
			if errors.Is(cerr, io.EOF) {
				break
			}
			if cerr != nil {
				return // encoding/csv refuses it; the reader may be lenient
			}
			line, _ := r.FieldPos(0)
			want, wantLines = append(want, rec), append(wantLines, line)
		}
		if err != nil || !slices.EqualFunc(got, want, slices.Equal) || !slices.Equal(lines, wantLines) {
			t.Errorf("read %q = %q at %v, %v; encoding/csv reads %q at %v", in, got, lines, err, want, wantLines)
		}
	})
}
