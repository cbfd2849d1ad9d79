package tomlcheck

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// keyLine is one key of a TOML document and the line it is written on.
//
// The TOML library keeps key positions to itself (MetaData has no position
// accessor in v1.6), so a small scanner walks the already parsed document
// again to find them. It lists the keys in the order MetaData.Keys does.
type keyLine struct {
	key  toml.Key // as MetaData reports it, without array indexes
	path string   // with the index of every array element: objective[2].indicator[0].id
	line int
}

// keyScanner finds the keys of a syntactically valid TOML document. It never
// reports an error: on invalid input it still ends, with a partial answer.
type keyScanner struct {
	src    string
	pos    int
	line   int
	arrays map[string]int // path of an array of tables → elements seen so far
	out    []keyLine
	// elems are the elements of arrays written as values, such as plan[2]
	// in plan = [ …, { date = "2023-01-01" } ], each on the line it starts.
	elems []keyLine
}

// scanKeys returns every key of src in document order.
func scanKeys(src []byte) []keyLine { return scan(src).out }

// scan reads src to its end.
func scan(src []byte) *keyScanner {
	s := &keyScanner{src: strings.TrimPrefix(string(src), "\ufeff"), line: 1, arrays: map[string]int{}}
	table, key := "", toml.Key(nil)
	for s.skipSpace(); !s.eof(); s.skipSpace() {
		if s.peek() == '[' {
			table, key = s.header()
			continue
		}
		s.keyValue(table, key)
	}
	return s
}

func (s *keyScanner) eof() bool  { return s.pos >= len(s.src) }
func (s *keyScanner) peek() byte { return s.src[s.pos] }

// skipSpace skips blanks, newlines and comments.
func (s *keyScanner) skipSpace() {
	for !s.eof() {
		switch s.peek() {
		case '\n':
			s.line++
		case ' ', '\t', '\r':
		case '#':
			for !s.eof() && s.peek() != '\n' {
				s.pos++
			}
			continue
		default:
			return
		}
		s.pos++
	}
}

// skipBlanks skips blanks within a line.
func (s *keyScanner) skipBlanks() {
	for !s.eof() && (s.peek() == ' ' || s.peek() == '\t') {
		s.pos++
	}
}

// header reads a [table] or [[array]] header and returns the table's path and key.
func (s *keyScanner) header() (string, toml.Key) {
	line := s.line
	s.pos++
	array := !s.eof() && s.peek() == '['
	if array {
		s.pos++
	}
	key := s.key()
	s.skipBlanks()
	for i := 0; i < 2 && !s.eof() && s.peek() == ']'; i++ {
		s.pos++
	}
	path := s.resolve(key, array)
	s.out = append(s.out, keyLine{key: key, path: path, line: line})
	return path, key
}

// resolve turns a header key into a path: each array of tables on the way
// stands for its last element, and a new [[array]] element gets the next index.
func (s *keyScanner) resolve(key toml.Key, array bool) string {
	path := ""
	for i, part := range key {
		path = JoinPath(path, part)
		n := s.arrays[path]
		if array && i == len(key)-1 {
			s.arrays[path] = n + 1
			return fmt.Sprintf("%s[%d]", path, n)
		}
		if n > 0 {
			path = fmt.Sprintf("%s[%d]", path, n-1)
		}
	}
	return path
}

// keyValue reads `key = value` within the table at path table.
func (s *keyScanner) keyValue(table string, tableKey toml.Key) {
	line := s.line
	k := s.key()
	if len(k) == 0 {
		s.pos++ // not a key: step over it so that scanning ends
		return
	}
	full := append(append(toml.Key{}, tableKey...), k...)
	path := JoinPath(table, strings.Join(k, "."))
	s.out = append(s.out, keyLine{key: full, path: path, line: line})
	s.skipBlanks()
	if !s.eof() && s.peek() == '=' {
		s.pos++
	}
	s.skipBlanks()
	s.value(path, full)
}

// key reads a possibly dotted key; it is empty if none starts here.
func (s *keyScanner) key() toml.Key {
	var k toml.Key
	for {
		s.skipBlanks()
		part, ok := s.keyPart()
		if !ok {
			return k
		}
		k = append(k, part)
		s.skipBlanks()
		if s.eof() || s.peek() != '.' {
			return k
		}
		s.pos++
	}
}

func (s *keyScanner) keyPart() (string, bool) {
	if s.eof() {
		return "", false
	}
	switch s.peek() {
	case '"':
		return unescape(s.quoted()), true
	case '\'':
		return s.quoted(), true
	}
	start := s.pos
	for !s.eof() && isBareKeyByte(s.peek()) {
		s.pos++
	}
	return s.src[start:s.pos], s.pos > start
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// unescape decodes the escapes of a TOML basic string, Go's plus \e (TOML
// 1.1's escape character).
func unescape(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\\' && i+1 < len(raw) {
			if raw[i+1] == 'e' {
				b.WriteString(`\x1b`)
			} else {
				b.WriteString(raw[i : i+2])
			}
			i++
			continue
		}
		b.WriteByte(raw[i])
	}
	if u, err := strconv.Unquote(`"` + b.String() + `"`); err == nil {
		return u
	}
	return raw
}
