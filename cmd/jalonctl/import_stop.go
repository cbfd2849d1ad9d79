package main

import (
	"fmt"
	"strings"
)

// readError is a file that cannot be read on from line: broken quoting,
// truncated JSON.
type readError struct {
	name string
	line int
	msg  string
}

func (e *readError) Error() string { return fmt.Sprintf("%s:%d: %s", e.name, e.line, e.msg) }

// tally is what an import has sent so far: rows written (new, revised or
// unchanged) and rows rejected.
type tally struct{ written, rejected int }

func (t tally) minus(u tally) tally { return tally{t.written - u.written, t.rejected - u.rejected} }

// importStop is an import that stopped in the middle of a file: why, where,
// what of that file was sent before, and the files never read. Its message
// says what was kept and how to go on.
type importStop struct {
	err   error
	name  string
	line  int   // the first line not imported; 0 when unknown or none was read
	sent  tally // rows of the file before line
	cause stopCause
	rest  []string
}

// stopCause is why an import stopped, which says how to go on.
type stopCause int

const (
	stopFile        stopCause = iota // the file could not be read on
	stopDaemon                       // the daemon could not be reached
	stopInterrupted                  // the import was interrupted (Ctrl-C)
)

func (s *importStop) Unwrap() error { return s.err }

func (s *importStop) Error() string {
	var b strings.Builder
	b.WriteString(s.err.Error())
	b.WriteString("\nThe import stopped there: ")
	b.WriteString(s.kept())
	switch len(s.rest) {
	case 0:
		b.WriteString(".")
	case 1:
		fmt.Fprintf(&b, ", nor was %s.", s.rest[0])
	default:
		fmt.Fprintf(&b, ", nor were the %d files after it: %s.", len(s.rest), strings.Join(s.rest, ", "))
	}
	switch s.cause {
	case stopFile:
		fmt.Fprintf(&b, "\nFix %s and run the same import again", s.name)
	case stopDaemon:
		b.WriteString("\nRun the same import again once jalond answers")
	case stopInterrupted:
		b.WriteString("\nRun the same import again to finish it")
	}
	b.WriteString(`: the rows already written come back as "unchanged".`)
	return b.String()
}

// kept says what of the file was sent and what was not.
func (s *importStop) kept() string {
	n := s.sent.written + s.sent.rejected
	if n == 0 {
		return fmt.Sprintf("nothing of %s was written", s.name)
	}
	rows := fmt.Sprintf("the %d %s", n, plural(n, "row", "rows"))
	if s.line > 0 {
		rows += fmt.Sprintf(" before line %d", s.line)
	} else {
		rows += " read before the error"
	}
	outcome := fmt.Sprintf("%s written", plural(n, "was", "were"))
	if s.sent.rejected > 0 {
		outcome = fmt.Sprintf("%s sent (%d written, %d rejected)", plural(n, "was", "were"), s.sent.written, s.sent.rejected)
	}
	rest := "the rest of it was not imported"
	if s.line > 0 {
		rest = fmt.Sprintf("line %d and the rest of it were not imported", s.line)
	}
	return fmt.Sprintf("of %s, %s %s; %s", s.name, rows, outcome, rest)
}
