package config

import (
	"reflect"
	"slices"
)

// otherKind returns a problem if the file reads as the other kind of file:
// none of its top-level keys is one of own's, the type mirroring the kind
// it is read as, and some are other's. Its unknown keys would otherwise be
// listed one by one, when the whole file is in the wrong place.
func (c *checker) otherKind(own, other reflect.Type, msg string) (Problem, bool) {
	ownKeys, otherKeys := topLevelKeys(own), topLevelKeys(other)
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

// topLevelKeys lists the keys of the file type t.
func topLevelKeys(t reflect.Type) []string {
	var keys []string
	for _, f := range reflect.VisibleFields(t) {
		if name, ok := f.Tag.Lookup("toml"); ok {
			keys = append(keys, name)
		}
	}
	return keys
}
