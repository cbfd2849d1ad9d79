package tomlcheck

import (
	"reflect"
	"slices"
)

// OtherKind returns a problem if the file reads as another kind of file:
// none of its top-level keys is one of ownKeys, those of the kind it is read
// as, and some are otherKeys. Its unknown keys would otherwise be listed one
// by one, when the whole file is in the wrong place.
func (c *Checker) OtherKind(ownKeys, otherKeys []string, msg string) (Problem, bool) {
	first := 0
	for _, k := range c.keys {
		if len(k.key) != 1 {
			continue
		}
		switch {
		case slices.Contains(ownKeys, k.key[0]):
			return Problem{}, false
		case first == 0 && slices.Contains(otherKeys, k.key[0]):
			first = k.line
		}
	}
	return Problem{File: c.file, Line: first, Msg: msg}, first > 0
}

// TopLevelKeys lists the keys of t, a struct mirroring a kind of file.
func TopLevelKeys(t reflect.Type) []string {
	var keys []string
	for _, f := range reflect.VisibleFields(t) {
		if name, ok := f.Tag.Lookup("toml"); ok {
			keys = append(keys, name)
		}
	}
	return keys
}
