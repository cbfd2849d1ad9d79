package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	apiclient "github.com/jalonhq/jalon/client"
	"github.com/jalonhq/jalon/wire"
)

func deleteCommand() command {
	return command{name: "delete", short: "delete a mistaken series or point (admin)", sub: []command{
		{name: "series", args: "[flags] INDICATOR",
			summary: "Delete the series of INDICATOR that --labels selects (without --labels, the series\n" +
				"without labels; with --all, every series the selection matches), with all its\n" +
				"points. The values stay in the audit log and in reports as known before now.\n" +
				"Asks for confirmation on a terminal unless --yes. Admin scope.",
			run: deleteSeries},
		{name: "point", args: "[flags] INDICATOR TIME",
			summary: "Delete the point at TIME (RFC 3339 or YYYY-MM-DD) of the series of INDICATOR that\n" +
				"--labels selects. The value stays in the audit log and in reports as known before\n" +
				"now. Asks for confirmation on a terminal unless --yes. Admin scope.",
			run: deletePoint},
	}}
}

// deleteFlags are the flags both deletions take.
type deleteFlags struct {
	labels, reason *string
	yes            *bool
	newClient      func() (*client, error)
}

func newDeleteFlags(e *env, fs *flag.FlagSet) deleteFlags {
	return deleteFlags{
		labels:    fs.String("labels", "", "the series' labels, name=value pairs separated by commas"),
		reason:    fs.String("reason", "", "why the values are deleted, kept in the audit log (required)"),
		yes:       fs.Bool("yes", false, "do not ask for confirmation"),
		newClient: clientFlags(e, fs),
	}
}

func deleteSeries(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	f := newDeleteFlags(e, fs)
	all := fs.Bool("all", false, "delete every series the selection matches")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef(fs, "want one INDICATOR, got %d arguments", fs.NArg())
	}
	what := "the series " + seriesName(fs.Arg(0), *f.labels)
	if *all {
		what = "every series of " + fs.Arg(0) + " matching " + orAll(*f.labels)
	}
	d := apiclient.Deletion{Labels: *f.labels, Reason: *f.reason, All: *all}
	return runDelete(ctx, e, fs, f, what, func(c *apiclient.Client) (wire.Deletion, error) {
		return c.DeleteSeries(ctx, fs.Arg(0), d)
	})
}

func deletePoint(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	f := newDeleteFlags(e, fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef(fs, "want INDICATOR and TIME, got %d arguments", fs.NArg())
	}
	what := "the point at " + fs.Arg(1) + " of " + seriesName(fs.Arg(0), *f.labels)
	d := apiclient.Deletion{Labels: *f.labels, Reason: *f.reason, Time: fs.Arg(1)}
	return runDelete(ctx, e, fs, f, what, func(c *apiclient.Client) (wire.Deletion, error) {
		return c.DeletePoint(ctx, fs.Arg(0), d)
	})
}

func seriesName(indicator, labels string) string { return indicator + "{" + labels + "}" }

func orAll(labels string) string {
	if labels == "" {
		return "any labels"
	}
	return labels
}

// runDelete checks the reason, asks for confirmation on a terminal, sends
// the deletion and prints what it removed.
func runDelete(ctx context.Context, e *env, fs *flag.FlagSet, f deleteFlags, what string, send func(*apiclient.Client) (wire.Deletion, error)) error {
	if strings.TrimSpace(*f.reason) == "" {
		return usagef(fs, "--reason is required: say why the values are deleted, it is kept in the audit log")
	}
	if !*f.yes && isTerminalIn(e.stdin) {
		ok, err := confirm(e.stdin, e.stderr, "Delete "+what+" for good?")
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("deletion cancelled: nothing was deleted")
		}
	}
	c, err := f.newClient()
	if err != nil {
		return err
	}
	out, err := send(c.api)
	if err != nil {
		return c.explain(err)
	}
	return printDeleted(e.stdout, out)
}

func printDeleted(w io.Writer, out wire.Deletion) error {
	fmt.Fprintf(w, "deleted %d %s of %s\n", out.Points, plural(out.Points, "point", "points"), out.Indicator)
	for _, s := range out.Series {
		gone := ""
		if s.Gone {
			gone = " (series deleted)"
		}
		fmt.Fprintf(w, "labels %s%s:\n", labelText(s.Labels), gone)
		for _, p := range s.Points {
			fmt.Fprintf(w, "  %s  %g  %s\n", p.Time.UTC().Format(time.RFC3339), p.Value, dash(p.Source))
		}
	}
	return nil
}

// confirm asks question on out and reads the answer from in: only y or
// yes agree.
func confirm(in io.Reader, out io.Writer, question string) (bool, error) {
	fmt.Fprintf(out, "%s [y/N] ", question)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("read confirmation: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// isTerminalIn reports whether r is a terminal, where a person can answer.
func isTerminalIn(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
