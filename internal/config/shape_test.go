package config

import (
	"reflect"
	"testing"
)

func TestParseDaemonShapes(t *testing.T) {
	tests := []problemCase{
		{"value for a table", "tls = \"on\"\n", []string{`jalon.toml:1: tls: want a table ([tls]), got a string`}},
		{"table for an array of tables", "[token]\nname = \"a\"\n", []string{`jalon.toml:1: token: write [[token]], not [token]`}},
		{"array of tables for a table", "[[tls]]\ncert_file = \"a\"\n", []string{`jalon.toml:1: tls: write [tls], not [[tls]]`}},
		{"value for an array of tables", "notifier = 3\n", []string{`jalon.toml:1: notifier: want an array of tables ([[notifier]]), got an integer`}},
		{"every mismatch at once", "[[puller]]\nname = \"p\"\ncsv = [1]\n[[puller]]\njson = true\n[alerting]\nrule = { JalonDataStale = 2 }\n", []string{
			`jalon.toml:3: puller.csv: want a table ([puller.csv]), got an array`,
			`jalon.toml:5: puller.json: want a table ([puller.json]), got a boolean`,
			`jalon.toml:7: alerting.rule.JalonDataStale: want a table ([alerting.rule.JalonDataStale]), got an integer`,
		}},
		{"element of an inline array", "token = [{ name = \"a\" }, \"b\"]\n", []string{`jalon.toml:1: token[1]: want a table, got a string`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			daemonProblems(t, tc.toml, tc.want)
		})
	}
}

// TestFileTypesHoldValues checks that the types mirroring the files hold
// only values, tables, arrays of tables and tables of tables: the shapes
// shapes knows. A field of another type could fail to decode with a
// message naming Go types.
func TestFileTypesHoldValues(t *testing.T) {
	var check func(path string, typ reflect.Type)
	check = func(path string, typ reflect.Type) {
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			check(path, typ.Elem())
		case reflect.Struct:
			if typ == valueType {
				return
			}
			for _, f := range reflect.VisibleFields(typ) {
				if !f.Anonymous {
					check(path+"."+f.Name, f.Type)
				}
			}
		default:
			t.Errorf("%s is a %s, want a value or a table", path, typ)
		}
	}
	check("daemonFile", reflect.TypeFor[daemonFile]())
	check("catalogFile", reflect.TypeFor[catalogFile]())
}
