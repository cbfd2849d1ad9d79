package tomlcheck

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// value skips one value; the keys of inline tables in it are recorded under
// path, with the index of each array element.
func (s *keyScanner) value(path string, key toml.Key) {
	if s.eof() {
		return
	}
	switch s.peek() {
	case '"', '\'':
		s.skipString()
	case '[':
		s.array(path, key)
	case '{':
		s.inlineTable(path, key)
	default:
		s.scalar()
	}
}

func (s *keyScanner) array(path string, key toml.Key) {
	s.pos++
	for i := 0; ; {
		s.skipSpace()
		if s.eof() {
			return
		}
		switch s.peek() {
		case ']':
			s.pos++
			return
		case ',':
			s.pos++
			continue
		}
		elem := fmt.Sprintf("%s[%d]", path, i)
		s.elems = append(s.elems, keyLine{key: key, path: elem, line: s.line})
		s.value(elem, key)
		i++
	}
}

func (s *keyScanner) inlineTable(path string, key toml.Key) {
	s.pos++
	for {
		s.skipSpace()
		if s.eof() {
			return
		}
		switch s.peek() {
		case '}':
			s.pos++
			return
		case ',':
			s.pos++
			continue
		}
		s.keyValue(path, key)
	}
}

// scalar skips a number, boolean or date-time: at least one byte, up to the
// next delimiter.
func (s *keyScanner) scalar() {
	s.pos++
	for !s.eof() && !strings.ContainsRune(",]}\n#", rune(s.peek())) {
		s.pos++
	}
}

// skipString skips a string of any of TOML's four kinds.
func (s *keyScanner) skipString() {
	q := s.src[s.pos : s.pos+1]
	if strings.HasPrefix(s.src[s.pos:], q+q+q) {
		s.multiline(q)
		return
	}
	s.quoted()
}

// quoted skips a one-line string and returns its content as written.
func (s *keyScanner) quoted() string {
	q := s.peek()
	s.pos++
	start := s.pos
	for !s.eof() && s.peek() != q && s.peek() != '\n' {
		if q == '"' && s.peek() == '\\' {
			s.pos++
		}
		s.pos++
	}
	end := min(s.pos, len(s.src))
	if !s.eof() && s.peek() == q {
		s.pos++
	}
	return s.src[start:end]
}

// multiline skips a """ or ”' string, which may hold newlines and end with
// up to two extra quotes.
func (s *keyScanner) multiline(q string) {
	s.pos += 3
	for !s.eof() {
		switch {
		case strings.HasPrefix(s.src[s.pos:], q+q+q):
			s.pos += 3
			for i := 0; i < 2 && strings.HasPrefix(s.src[s.pos:], q); i++ {
				s.pos++
			}
			return
		case q == `"` && s.peek() == '\\':
			s.pos++
			if !s.eof() && s.peek() == '\n' {
				s.line++
			}
		case s.peek() == '\n':
			s.line++
		}
		s.pos++
	}
}
