package main

import (
	"io"
	"os"
)

// openOutput opens where a command writes its result: standard output, or the
// file named by --output. done closes the file and reports its error, so
// that a full disk is not mistaken for success.
func openOutput(e *env, path string) (w io.Writer, done func() error, err error) {
	if path == "" {
		return e.stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}
