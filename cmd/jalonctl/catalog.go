package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/internal/catalogfile"
	"github.com/jalonhq/jalon/internal/tomlcheck"
	"github.com/jalonhq/jalon/wire"
)

func catalogCommand() command {
	return command{name: "catalog", summary: "show or check catalog files", sub: []command{
		{name: "show", short: "show the objectives and targets of catalog files", args: "[--format table|json] [--embedded] [FILE…]", run: catalogShow,
			summary: "Show the objectives and targets of catalog FILEs, in order, each overriding the ones\nbefore; with no FILE, of the embedded catalog."},
		{name: "check", short: "check catalog files", args: "[--embedded] [FILE…]", run: catalogCheck,
			summary: "Check catalog FILEs and print their counts, or every problem (exit status 1);\n" +
				"with no FILE, check the embedded catalog. Warnings name what a FILE removes from or\n" +
				"changes in the ones before it (exit status 0)."},
	}}
}

func catalogShow(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	format := fs.String("format", "table", "output `format`: table or json")
	embedded := fs.Bool("embedded", false, "load the embedded catalog before the FILEs")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usagef(fs, "unknown format %q", *format)
	}
	cat, err := loadCatalog(e, *embedded, fs.Args())
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(wire.FromCatalog(cat))
	}
	return writeTable(e.stdout, cat)
}

func catalogCheck(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	embedded := fs.Bool("embedded", false, "load the embedded catalog before the FILEs")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	cat, warnings, err := loadCatalogWarnings(e, *embedded, fs.Args())
	writeWarnings(e, warnings)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout, cat.Count())
	return err
}

// loadCatalog parses files, after the embedded catalog if embedded is set
// or no file is given.
func loadCatalog(e *env, embedded bool, files []string) (*indicators.Catalog, error) {
	cat, _, err := loadCatalogWarnings(e, embedded, files)
	return cat, err
}

// loadCatalogWarnings is loadCatalog with the warnings of the layering:
// what a file removes from or changes in the ones before it.
func loadCatalogWarnings(e *env, embedded bool, files []string) (*indicators.Catalog, tomlcheck.Problems, error) {
	srcs, err := catalogfile.LoadCatalogFiles(files...)
	if err != nil {
		return nil, nil, err
	}
	if embedded || len(files) == 0 {
		srcs = append(e.embedded(), srcs...)
	}
	return catalogfile.ParseCatalogWarnings(srcs...)
}

// writeWarnings writes warnings to standard error, one a line. They do not
// change the exit status.
func writeWarnings(e *env, warnings tomlcheck.Problems) {
	for _, w := range warnings {
		fmt.Fprintln(e.stderr, w)
	}
}
