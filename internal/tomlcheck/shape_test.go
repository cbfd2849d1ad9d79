package tomlcheck

import (
	"reflect"
	"slices"
	"testing"
)

func TestOddFields(t *testing.T) {
	type file struct {
		Name   Value               `toml:"name"`
		Tables []struct{ A Value } `toml:"table"`
		Count  int                 `toml:"count"`
		Labels map[string]string   `toml:"labels"`
	}
	got := OddFields(reflect.TypeFor[file]())
	if want := []string{"file.Count (int)", "file.Labels (string)"}; !slices.Equal(got, want) {
		t.Errorf("OddFields() = %q, want %q", got, want)
	}
}
