package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	apiclient "github.com/jalonhq/jalon/client"
)

func reportCommand() command {
	return command{name: "report", short: "write the roadmap at a date and what moved since another", args: "[flags] [--at DATE] [--since DATE]",
		summary: "Write the roadmap's status as it stood at a date, replayed with the points known then,\nand the status moves since a previous date (GET /api/v1/report).",
		run:     writeReport}
}

func writeReport(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	newClient := clientFlags(e, fs)
	at := fs.String("at", "", "date to replay: YYYY-MM-DD (the end of that UTC day) or RFC 3339; default now")
	since := fs.String("since", "", "previous date to compare with, same forms")
	format := fs.String("format", "markdown", "markdown, html, pdf, csv or json")
	lang := fs.String("lang", "", "language of the report: fr or en; default the daemon's configured language")
	sep := fs.String("csv-separator", ",", "CSV field separator: one character, such as ';' for a French spreadsheet (numbers then get a decimal comma)")
	bom := fs.Bool("bom", false, "start the CSV with a UTF-8 byte order mark")
	output := fs.String("output", "", "write to this file instead of standard output")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef(fs, "unexpected argument %q", fs.Arg(0))
	}
	q := apiclient.ReportQuery{At: *at, Since: *since, Format: *format, Lang: *lang}
	if *format == "csv" {
		q.Separator, q.BOM = *sep, *bom
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	body, err := c.api.Report(ctx, q)
	if err != nil {
		return c.explain(err)
	}
	defer body.Close()
	out, done, err := openOutput(e, *output)
	if err != nil {
		return err
	}
	defer done()
	if _, err := io.Copy(out, body); err != nil {
		return fmt.Errorf("read report: %w", err)
	}
	return done()
}
