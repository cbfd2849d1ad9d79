package config

import (
	"fmt"
	"os"

	"github.com/jalonhq/jalon/internal/tomlcheck"
)

// The files the daemon configuration names are checked when it is read, so
// that jalond refuses a missing catalog before it opens its
// store or listens, and jalonctl config check refuses it too.

// catalogFiles reads catalog_files: each a file that can be opened,
// reported at its place in the list if not.
func (c *checker) catalogFiles(path string, v value, dir string) []string {
	c.Strings(path, v)
	arr, _ := v.Raw.([]any)
	var out []string
	for i, e := range arr {
		p, isStr := e.(string)
		switch {
		case !isStr:
			continue
		case p == "":
			c.Errorf(tomlcheck.Elem(path, i), "must not be empty")
			continue
		}
		p = resolve(p, dir)
		if err := openable(p); err != nil {
			c.Errorf(tomlcheck.Elem(path, i), "%v", err)
		}
		out = append(out, p)
	}
	return out
}

// openable reports why the regular file at p cannot be opened for reading,
// if it cannot. A directory or a device is refused before it is opened: a
// named pipe would block the open.
func openable(p string) error {
	if info, err := os.Stat(p); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	return f.Close()
}
