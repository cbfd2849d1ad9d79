package tomlcheck

import "strings"

// File is the name of the file being checked.
func (c *Checker) File() string { return c.file }

// Problems returns the problems recorded so far, in the order found.
func (c *Checker) Problems() Problems { return c.probs }

// Reported reports whether the key at path has a problem, so that a check
// made later is not reported against the zero value a failed read left.
func (c *Checker) Reported(path string) bool { return c.reported[path] }

// Written reports whether the key or table at path is written in the file.
func (c *Checker) Written(path string) bool {
	_, ok := c.lines[path]
	return ok
}

// KeyLines returns the line of each key written under the table at path,
// by its path relative to that table: for problems found after decoding,
// such as a puller naming an indicator the catalog lacks.
func (c *Checker) KeyLines(path string) map[string]int {
	lines := map[string]int{}
	for _, k := range c.keys {
		if rest, ok := strings.CutPrefix(k.path, path+"."); ok {
			if _, seen := lines[rest]; !seen {
				lines[rest] = k.line
			}
		}
	}
	return lines
}
