package tomlcheck

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Checker collects the problems of one file. Problems are addressed by path,
// a key with array indexes (objective[2].indicator[0].kind); a key that is
// absent is reported on the line of the nearest table that is present.
type Checker struct {
	file  string
	keys  []keyLine
	lines map[string]int // path → line, of keys and of array elements
	// tableArrays are the paths (objective, objective[2].indicator) of the
	// arrays of tables written with [[headers]], whose elements each have a
	// line of their own.
	tableArrays map[string]bool
	probs       Problems
	// reported holds the paths that have a problem, so that a rule checked
	// later is not reported against the zero value a failed read left.
	reported map[string]bool
	// unreadable holds the paths whose value could not be read at all (of
	// the wrong type): any later problem there would be about the zero
	// value left in its place, and is not reported.
	unreadable map[string]bool
}

// Decode parses src into v, whose leaves are values and whose tables are
// structs. It returns a Checker holding a problem for every unknown key, or
// nil and the problems of a file TOML cannot read: a syntax error, or values
// where tables belong and the reverse.
func Decode(src Source, v any) (*Checker, Problems) {
	md, err := toml.Decode(string(src.Data), v)
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return nil, Problems{decodeProblem(src, err)}
	}
	c := newChecker(src)
	if err != nil {
		if probs := c.shapes(src, reflect.TypeOf(v).Elem()); len(probs) > 0 {
			return nil, probs
		}
		return nil, Problems{decodeProblem(src, err)}
	}
	c.unknown(md.Undecoded())
	return c, nil
}

func newChecker(src Source) *Checker {
	s := scan(src.Data)
	c := &Checker{file: src.Name, keys: s.out, lines: map[string]int{}, tableArrays: map[string]bool{}, reported: map[string]bool{}, unreadable: map[string]bool{}}
	for _, k := range append(s.out, s.elems...) {
		if _, ok := c.lines[k.path]; !ok {
			c.lines[k.path] = k.line
		}
	}
	for path := range s.arrays {
		c.tableArrays[path] = true
	}
	return c
}

// unknown reports each undecoded key once: a key under an unknown table is
// not reported again.
func (c *Checker) unknown(undecoded []toml.Key) {
	bad := make(map[string]bool, len(undecoded))
	for _, k := range undecoded {
		bad[k.String()] = true
	}
	for _, k := range c.keys {
		name := k.key.String()
		if bad[name] && !(len(k.key) > 1 && bad[k.key[:len(k.key)-1].String()]) {
			c.probs = append(c.probs, Problem{File: c.file, Line: k.line, Key: name, Msg: "unknown key"})
		}
	}
}

// Errorf records a problem about the key at path.
func (c *Checker) Errorf(path, format string, args ...any) {
	if c.unreadable[path] {
		return
	}
	c.reported[path] = true
	c.probs = append(c.probs, Problem{File: c.file, Line: c.Line(path), Key: c.Key(path), Msg: fmt.Sprintf(format, args...)})
}

// TypeErrorf records that the value at path cannot be read, and why: the
// only problem reported there.
func (c *Checker) TypeErrorf(path, format string, args ...any) {
	c.Errorf(path, format, args...)
	c.unreadable[path] = true
}

// Key is the key of path as problems name it: without the index of an
// element of a [[table]] array, which its line tells apart, but with the
// index of an element of an array written as a value, which may share its
// line with the others (plan[2].value, scopes[1]).
func (c *Checker) Key(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '[' && c.tableArrays[path[:i]] {
			i += strings.IndexByte(path[i:], ']')
			continue
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// Line returns the line of path, or of the nearest enclosing table written
// in the file, or 1.
func (c *Checker) Line(path string) int {
	for p := path; p != ""; p = ParentPath(p) {
		if l, ok := c.lines[p]; ok {
			return l
		}
	}
	return 1
}

// JoinPath is the path of key in the table at parent.
func JoinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// ParentPath is the path of the table holding path, "" at the top.
func ParentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return ""
}

// KeyOf drops the array indexes of a path. Problems found outside a Checker
// use it, on paths that hold no array of values.
func KeyOf(path string) string {
	var b strings.Builder
	depth := 0
	for _, r := range path {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// decodeProblem turns a TOML error into a problem. Syntax errors keep the
// library's column. Any other error is one shapes did not foresee: it is
// reported as the library words it, at its line and key if it gives them
// ("toml: line N (last key "k"): msg").
func decodeProblem(src Source, err error) Problem {
	file := src.Name
	var pe toml.ParseError
	if errors.As(err, &pe) {
		p := Problem{File: file, Line: errorLine(src.Data, pe.Position), Key: pe.LastKey, Msg: pe.Message}
		if pe.Position.Col > 0 {
			p.Msg += fmt.Sprintf(" (column %d)", pe.Position.Col)
		}
		return p
	}
	p := Problem{File: file, Line: 1, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	rest, ok := strings.CutPrefix(err.Error(), "toml: line ")
	num, rest, ok2 := strings.Cut(rest, " (last key ")
	quoted, msg, ok3 := strings.Cut(rest, "): ")
	line, errLine := strconv.Atoi(num)
	key, errKey := strconv.Unquote(quoted)
	if ok && ok2 && ok3 && errLine == nil && errKey == nil {
		p.Line, p.Key, p.Msg = line, key, msg
	}
	return p
}

// errorLine is the line of a syntax error. The library counts the newline
// it has just read, so an error found at the end of a line ("[tls" then a
// newline) would be reported on the next one; the byte offset of the error,
// from which the library computes the column, gives the right line. Line 0
// comes with a few errors at the end of the input.
func errorLine(data []byte, pos toml.Position) int {
	if pos.Start < 0 || pos.Start > len(data) || pos.Len == 0 {
		return max(pos.Line, 1)
	}
	return 1 + bytes.Count(data[:pos.Start], []byte("\n"))
}
