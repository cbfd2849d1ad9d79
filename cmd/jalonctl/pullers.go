package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/jalonhq/jalon/wire"
)

func pullersCommand() command {
	return command{name: "pullers", short: "list the pullers; run one now (admin)", args: "[flags]  |  pullers run [flags] NAME",
		summary: "List the pullers and their last runs; \"pullers run NAME\" runs one now and waits\nfor it (admin scope).",
		run:     pullers}
}

// pullers lists the pullers, or hands "run NAME" to pullerRun: "pullers"
// alone must print the table, so it is a command of its own rather than a
// group.
func pullers(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 && args[0] == "run" {
		run := command{args: "[flags] NAME", summary: "Run the puller NAME now and wait for the outcome (admin scope)."}
		return pullerRun(ctx, e, newFlagSet(fs.Name()+" run", run), args[1:])
	}
	newClient, zone := clientFlags(e, fs), zoneFlag(e, fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef(fs, "unexpected arguments %q", fs.Args())
	}
	z, err := zone()
	if err != nil {
		return err
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	v, err := c.api.Pullers(ctx)
	if err != nil {
		return c.explain(err)
	}
	return printPullers(e.stdout, v.Pullers, z)
}

func printPullers(w io.Writer, ps []wire.Puller, z displayZone) error {
	if len(ps) == 0 {
		_, err := fmt.Fprintln(w, "no pullers configured")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTYPE\tSCHEDULE\tLAST RUN\tRESULT\tNEW\tREVISED\tUNCHANGED\tSKIPPED\tNEXT RUN\tERROR")
	for _, p := range ps {
		result := p.LastResult
		switch {
		case p.Running:
			result = "running"
		case result == "":
			result = "-"
		case p.NotModified:
			result += " (not modified)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", p.Name, p.Type, p.Schedule,
			z.stamp(p.LastRun), result, p.Points.New, p.Points.Revised, p.Points.Unchanged,
			p.Points.NoValue+p.Points.Invalid, z.stamp(p.NextRun), dash(p.LastError))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, z.footer())
	for _, p := range ps {
		if err := printSkipped(w, p); err != nil {
			return err
		}
	}
	return nil
}

// printSkipped says how many rows the last run of p skipped as invalid
// and why, for the first ones the daemon kept.
func printSkipped(w io.Writer, p wire.Puller) error {
	if p.Points.Invalid == 0 {
		return nil
	}
	fmt.Fprintf(w, "%s: %d invalid %s skipped (skip_invalid_rows)", p.Name, p.Points.Invalid, plural(p.Points.Invalid, "row", "rows"))
	if len(p.SkippedReasons) == 0 {
		_, err := fmt.Fprintln(w)
		return err
	}
	fmt.Fprintln(w, ":")
	for _, r := range p.SkippedReasons {
		fmt.Fprintln(w, "  "+r)
	}
	if more := p.Points.Invalid - len(p.SkippedReasons); more > 0 {
		fmt.Fprintf(w, "  … and %d more\n", more)
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func pullerRun(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	newClient := clientFlags(e, fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef(fs, "want one puller NAME, got %d arguments", fs.NArg())
	}
	c, err := newClient()
	if err != nil {
		return err
	}
	p, err := c.api.RunPuller(ctx, fs.Arg(0))
	if err != nil {
		return c.explain(err)
	}
	if p.NotModified {
		_, err = fmt.Fprintf(e.stdout, "%s: not modified since the last run (%.1fs)\n", p.Name, p.LastDuration)
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s: %d new, %d revised, %d unchanged, %d skipped (%.1fs)\n", p.Name,
		p.Points.New, p.Points.Revised, p.Points.Unchanged, p.Points.NoValue+p.Points.Invalid, p.LastDuration)
	if err != nil {
		return err
	}
	return printSkipped(e.stdout, p)
}
