package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/jalonhq/jalon/indicators"
	"github.com/jalonhq/jalon/wire"
)

func pushCommand() command {
	return command{name: "push", short: "push a measurement or a batch file", args: "[flags] INDICATOR TIME VALUE | --file FILE",
		summary: "Push one measurement, or a batch file (.json or .csv, as POST /api/v1/measurements takes them).\nThe batch is written whole or not at all.",
		run:     push}
}

func push(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	newClient := clientFlags(e, fs)
	file := fs.String("file", "", "batch file to push: .json or .csv")
	labels := fs.String("labels", "", "labels of the point: name=value,name=value")
	source := fs.String("source", "jalonctl", "source recorded with the point")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	body, contentType, err := pushBody(fs, *file, *labels, *source)
	if err != nil {
		return err
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	res, err := c.api.PushBody(ctx, contentType, body)
	if err != nil {
		return c.explain(err)
	}
	_, err = fmt.Fprintf(e.stdout, "%d new, %d revised, %d unchanged\n", res.New, res.Revised, res.Unchanged)
	return err
}

// pushBody builds the request body from either a file or the arguments.
func pushBody(fs *flag.FlagSet, file, labels, source string) (io.Reader, string, error) {
	if file != "" {
		if fs.NArg() != 0 {
			return nil, "", usagef(fs, "give either --file or INDICATOR TIME VALUE, not both")
		}
		if isSet(fs, "labels") || isSet(fs, "source") {
			return nil, "", usagef(fs, "--labels and --source apply to INDICATOR TIME VALUE; a --file carries its own (columns label:<name> and source in CSV)")
		}
		contentType, ok := map[string]string{".json": "application/json", ".csv": "text/csv"}[strings.ToLower(filepath.Ext(file))]
		if !ok {
			return nil, "", usagef(fs, "%s: want a .json or .csv file", file)
		}
		data, err := os.ReadFile(file)
		return bytes.NewReader(data), contentType, err
	}
	if fs.NArg() != 3 {
		return nil, "", usagef(fs, "want INDICATOR TIME VALUE, got %d arguments", fs.NArg())
	}
	value, err := indicators.ParseDecimal(fs.Arg(2), indicators.TextDecimal(false))
	if err != nil {
		return nil, "", usagef(fs, "VALUE %v", err)
	}
	ls, err := parseLabels(labels)
	if err != nil {
		return nil, "", usagef(fs, "--labels: %v", err)
	}
	m := wire.Measurement{Indicator: fs.Arg(0), Labels: ls, Time: fs.Arg(1), Value: value, Source: source}
	data, err := json.Marshal(wire.Push{Measurements: []wire.Measurement{m}})
	return bytes.NewReader(data), "application/json", err
}

func parseLabels(s string) (map[string]string, error) {
	out := map[string]string{}
	if s == "" {
		return out, nil
	}
	for _, pair := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%q: want name=value", pair)
		}
		if old, dup := out[k]; dup {
			return nil, fmt.Errorf("%s given twice (%q and %q); a point has one value per label", k, old, v)
		}
		out[k] = v
	}
	return out, nil
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
