package tomlcheck

import (
	"fmt"
	"strings"
)

// Source is the content of one TOML file and the name it is reported under.
type Source struct {
	Name string
	Data []byte
}

// Problem is one mistake in a configuration or catalog file.
type Problem struct {
	File string
	Line int
	// Key is the TOML key, "" for a syntax error with no key. It holds the
	// index of an element of an array written as a value (plan[2].value,
	// token.scopes[1]), not of a [[table]], whose line tells it apart.
	Key string
	Msg string
}

// String renders the problem as file:line: key: msg.
func (p Problem) String() string {
	if p.Key == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Key, p.Msg)
}

// Problems lists every problem found while loading files; it is the error
// that the packages reading Jalon's files return.
type Problems []Problem

// Error renders one problem per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
